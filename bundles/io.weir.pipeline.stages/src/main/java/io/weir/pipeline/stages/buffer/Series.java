// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.buffer;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A copy of the samples of one buffered channel, oldest first: {@code timestamps[i]} (milliseconds since the
 * epoch) goes with {@code values[i]}. Non-finite values are kept as they arrived (a plot shows them as gaps).
 * A DTO defined by Weir: a provider type.
 *
 * <p>The arrays are fresh copies made for the caller, who may keep or change them; the record does not copy
 * them again. Equality compares the array contents.
 *
 * @param channel the channel name
 * @param timestamps sample times, in arrival order
 * @param values sample values as doubles, same length as {@code timestamps}
 */
@ProviderType
public record Series(String channel, long[] timestamps, double[] values) {

    /**
     * Checks for {@code null} and equal lengths.
     *
     * @param channel see {@link #channel()}
     * @param timestamps see {@link #timestamps()}
     * @param values see {@link #values()}
     */
    public Series {
        Objects.requireNonNull(channel, "channel");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(
                    "timestamps and values differ in length: " + timestamps.length + " != " + values.length);
        }
    }

    /** @return the number of samples */
    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Series s && channel.equals(s.channel) && Arrays.equals(timestamps, s.timestamps)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * channel.hashCode() + Arrays.hashCode(timestamps)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series[" + channel + ", " + values.length + " samples]";
    }
}
