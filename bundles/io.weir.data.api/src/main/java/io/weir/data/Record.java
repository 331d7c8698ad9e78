// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable sample: a timestamp, the name of its source, and an ordered map of named {@link TypedValue
 * typed values}. A record maps one to one onto a Kura payload: the timestamp, then one metric per value.
 *
 * <p>Records are safe to share between threads. The value map keeps insertion order and cannot be modified.
 * Derive changed records with {@link #toBuilder()}.
 *
 * <p>Records are stored compactly (an array of names and an array of values, the names shared between
 * records derived from one another while they do not change), because a gateway makes millions of them.
 */
@ProviderType
public final class Record {

    private static final String[] NO_NAMES = new String[0];
    private static final TypedValue[] NO_VALUES = new TypedValue[0];

    private final long timestamp;
    private final String source;
    /** Never modified once the record exists; may be shared with other records. */
    private final String[] names;
    private final TypedValue[] values;
    private final int size;
    private @Nullable Map<String, TypedValue> view;

    private Record(long timestamp, String source, String[] names, TypedValue[] values, int size) {
        this.timestamp = timestamp;
        this.source = source;
        this.names = names;
        this.values = values;
        this.size = size;
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

    /** @return the values in insertion order; an unmodifiable view, never {@code null} */
    public Map<String, TypedValue> values() {
        Map<String, TypedValue> v = view;
        if (v == null) {
            v = new ValuesView();
            view = v;
        }
        return v;
    }

    /**
     * @param name a value name
     * @return the value, or {@code null} if this record has none of that name
     */
    public @Nullable TypedValue value(String name) {
        int i = indexOf(names, size, name);
        return i < 0 ? null : values[i];
    }

    private static int indexOf(String[] names, int size, Object name) {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** @return a builder initialised with this record's timestamp, source and values */
    public Builder toBuilder() {
        Builder b = new Builder(source, timestamp);
        b.names = names;
        TypedValue[] v = new TypedValue[Math.max(size, 4)];
        System.arraycopy(values, 0, v, 0, size);
        b.values = v;
        b.size = size;
        b.namesShared = true;
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
        return timestamp == that.timestamp && source.equals(that.source) && values().equals(that.values());
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, source, values());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Record[").append(source).append('@').append(timestamp).append(" {");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        }
        return sb.append("}]").toString();
    }

    /** The unmodifiable, ordered map view of the values. */
    private final class ValuesView extends AbstractMap<String, TypedValue> {

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String && indexOf(names, size, key) >= 0;
        }

        @Override
        public @Nullable TypedValue get(Object key) {
            if (!(key instanceof String)) {
                return null;
            }
            int i = indexOf(names, size, key);
            return i < 0 ? null : values[i];
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super TypedValue> action) {
            for (int i = 0; i < size; i++) {
                action.accept(names[i], values[i]);
            }
        }

        @Override
        public Set<Map.Entry<String, TypedValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Map.Entry<String, TypedValue>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Map.Entry<String, TypedValue> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
                        }
                    };
                }
            };
        }
    }

    /**
     * Builds a {@link Record}. A builder is not thread-safe; the records it builds are. A builder can be reused
     * after {@link #build()}: the built record never changes.
     */
    public static final class Builder {
        private String source;
        private long timestamp;
        private String[] names = NO_NAMES;
        private TypedValue[] values = NO_VALUES;
        private int size;
        /** The names array is also used by a record: copy it before changing a name. */
        private boolean namesShared;

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
            Objects.requireNonNull(value, "value");
            int i = indexOf(names, size, name);
            if (i >= 0) {
                values[i] = value;
                return this;
            }
            if (namesShared || size == names.length) {
                String[] n = new String[Math.max(4, size * 2)];
                System.arraycopy(names, 0, n, 0, size);
                names = n;
                namesShared = false;
            }
            if (size == values.length) {
                TypedValue[] v = new TypedValue[Math.max(4, size * 2)];
                System.arraycopy(values, 0, v, 0, size);
                values = v;
            }
            names[size] = name;
            values[size] = value;
            size++;
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
            int i = indexOf(names, size, name);
            if (i < 0) {
                return this;
            }
            String[] n = names;
            if (namesShared) {
                n = new String[names.length];
                System.arraycopy(names, 0, n, 0, size);
            }
            System.arraycopy(n, i + 1, n, i, size - i - 1);
            System.arraycopy(values, i + 1, values, i, size - i - 1);
            size--;
            n[size] = null;
            values[size] = null;
            names = n;
            namesShared = false;
            return this;
        }

        /** @return a new immutable record; the builder can be reused */
        public Record build() {
            // the names array is shared with the record (copied by the builder before any later name change);
            // values are copied because the builder may overwrite them
            namesShared = true;
            TypedValue[] v = new TypedValue[size];
            System.arraycopy(values, 0, v, 0, size);
            return new Record(timestamp, source, names, v, size);
        }
    }
}
