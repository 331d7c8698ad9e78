// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

import io.weir.data.TypedValue;

/**
 * A request to write one value to one channel, passed to {@link Driver#write(java.util.List)}. The value should
 * have the channel's {@link Channel#type() type}; a driver that cannot convert it answers {@link
 * StatusCode#TYPE_MISMATCH} for this write rather than throwing.
 *
 * <p>A DTO defined by Weir: a provider type. Immutable.
 *
 * @param channel the channel to write, not {@code null}
 * @param value the value to write, not {@code null}
 */
@ProviderType
public record ChannelWrite(Channel channel, TypedValue value) {

    /**
     * Checks for {@code null}.
     *
     * @param channel see {@link #channel()}
     * @param value see {@link #value()}
     */
    public ChannelWrite {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(value, "value");
    }
}
