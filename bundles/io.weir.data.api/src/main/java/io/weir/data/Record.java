// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import org.osgi.annotation.versioning.ProviderType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An immutable sample: a timestamp, the name of its source, and an ordered map of named {@link TypedValue
 * typed values}. A record maps one to one onto a Kura payload: the timestamp, then one metric per value.
 *
 * <p>Records are safe to share between threads. The value map keeps insertion order and cannot be modified.
 * Derive changed records with {@link #toBuilder()}.
 */
@ProviderType
public final class Record {

    private final long timestamp;
    private final String source;
    private final Map<String, TypedValue> values;

    private Record(long timestamp, String source, Map<String, TypedValue> values) {
        this.timestamp = timestamp;
        this.source = source;
        this.values = values;
    }

    /**
     * @param source the source name, for example the asset that sampled the values; not {@code null}
     * @return a new builder with the timestamp set to the current time
     */
    public static Builder builder(String source) {
        return new Builder(source, System.currentTimeMillis());
    }

    /** @return the sample time in milliseconds since the epoch (Kura payload field 1) */
    public long timestamp() {
        return timestamp;
    }

    /** @return the name of the source that produced this record, never {@code null} */
    public String source() {
        return source;
    }

    /** @return the values in insertion order; unmodifiable, never {@code null} */
    public Map<String, TypedValue> values() {
        return values;
    }

    /**
     * @param name a value name
     * @return the value, or {@code null} if this record has none of that name
     */
    public @Nullable TypedValue value(String name) {
        return values.get(name);
    }

    /** @return a builder initialised with this record's timestamp, source and values */
    public Builder toBuilder() {
        Builder b = new Builder(source, timestamp);
        b.values.putAll(values);
        return b;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Record)) {
            return false;
        }
        Record that = (Record) other;
        return timestamp == that.timestamp && source.equals(that.source) && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, source, values);
    }

    @Override
    public String toString() {
        return "Record[" + source + "@" + timestamp + " " + values + "]";
    }

    /** Builds a {@link Record}. A builder is not thread-safe; the records it builds are. */
    public static final class Builder {
        private String source;
        private long timestamp;
        private final LinkedHashMap<String, TypedValue> values = new LinkedHashMap<>();

        private Builder(String source, long timestamp) {
            this.source = Objects.requireNonNull(source, "source");
            this.timestamp = timestamp;
        }

        /** @param timestamp milliseconds since the epoch @return this builder */
        public Builder timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** @param source the source name, not {@code null} @return this builder */
        public Builder source(String source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Adds or replaces a value. A replaced value keeps its position.
         *
         * @param name the value name, not empty
         * @param value the value, not {@code null}
         * @return this builder
         */
        public Builder put(String name, TypedValue value) {
            if (Objects.requireNonNull(name, "name").isEmpty()) {
                throw new IllegalArgumentException("value name must not be empty");
            }
            values.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds or replaces a DOUBLE value. @return this builder */
        public Builder put(String name, double value) {
            return put(name, TypedValue.ofDouble(value));
        }

        /** Adds or replaces a LONG value. @return this builder */
        public Builder put(String name, long value) {
            return put(name, TypedValue.ofLong(value));
        }

        /** Adds or replaces a BOOLEAN value. @return this builder */
        public Builder put(String name, boolean value) {
            return put(name, TypedValue.ofBoolean(value));
        }

        /** Adds or replaces a STRING value. @return this builder */
        public Builder put(String name, String value) {
            return put(name, TypedValue.ofString(value));
        }

        /** @param name a value name @return this builder, without that value */
        public Builder remove(String name) {
            values.remove(name);
            return this;
        }

        /** @return a new immutable record; the builder can be reused */
        public Record build() {
            return new Record(timestamp, source, Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
