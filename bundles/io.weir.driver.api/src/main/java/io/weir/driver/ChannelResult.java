// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.data.TypedValue;

/**
 * The result of reading, writing or listening to one channel: a value with its timestamp, or an error status.
 *
 * <p>A DTO defined by Weir and created by drivers: a provider type. Immutable.
 *
 * @param channel the {@link Channel#name() channel name}; not empty
 * @param value the value read, written or reported; never {@code null} when the status is ok, may be {@code
 *        null} otherwise
 * @param status {@link DriverStatus#OK} or the reason this channel failed
 * @param timestamp when the value was sampled (the device's time if the protocol provides one, otherwise the
 *        time the answer arrived), or when the failure happened; milliseconds since the epoch
 */
@ProviderType
public record ChannelResult(String channel, @Nullable TypedValue value, DriverStatus status, long timestamp) {

    /**
     * Checks that the channel name is not empty and that an ok result has a value.
     *
     * @param channel see {@link #channel()}
     * @param value see {@link #value()}
     * @param status see {@link #status()}
     * @param timestamp see {@link #timestamp()}
     */
    public ChannelResult {
        if (Objects.requireNonNull(channel, "channel").isEmpty()) {
            throw new IllegalArgumentException("channel name must not be empty");
        }
        Objects.requireNonNull(status, "status");
        if (status.isOk() && value == null) {
            throw new IllegalArgumentException("ok result for channel " + channel + " has no value");
        }
    }

    /**
     * @param channel the channel name
     * @param value the value, not {@code null}
     * @param timestamp the sample time, milliseconds since the epoch
     * @return an ok result
     */
    public static ChannelResult ok(String channel, TypedValue value, long timestamp) {
        return new ChannelResult(channel, Objects.requireNonNull(value, "value"), DriverStatus.OK, timestamp);
    }

    /**
     * @param channel the channel name
     * @param status the error status, not ok
     * @param timestamp when the failure happened, milliseconds since the epoch
     * @return an error result without a value
     * @throws IllegalArgumentException if {@code status} is ok
     */
    public static ChannelResult error(String channel, DriverStatus status, long timestamp) {
        if (status.isOk()) {
            throw new IllegalArgumentException("an error result needs an error status");
        }
        return new ChannelResult(channel, null, status, timestamp);
    }

    /** @return {@code true} if the status is ok; the value is then not {@code null} */
    public boolean isOk() {
        return status.isOk();
    }
}
