// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How a {@link Channel} may be accessed. The names match the channel modes of the ASSET-V1 management app.
 * Defined by Weir: a provider type.
 */
@ProviderType
public enum ChannelMode {
    /** The channel is read (sampled or listened to) only. */
    READ,
    /** The channel is written only. */
    WRITE,
    /** The channel is read and written. */
    READ_WRITE;

    /** @return {@code true} for {@link #READ} and {@link #READ_WRITE} */
    public boolean canRead() {
        return this != WRITE;
    }

    /** @return {@code true} for {@link #WRITE} and {@link #READ_WRITE} */
    public boolean canWrite() {
        return this != READ;
    }
}
