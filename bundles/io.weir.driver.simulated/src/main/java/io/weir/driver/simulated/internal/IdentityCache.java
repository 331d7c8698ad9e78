// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A small cache keyed by object identity, for the hot read path: callers (assets) pass the same {@link
 * io.weir.driver.Channel} objects on every read, and hashing a channel (a record over its settings map) costs more
 * than computing a sample. Lookups read one volatile array and compare references: no hashing of the key, no lock,
 * no allocation. Inserts copy the array (they are rare: once per channel object). When the table is half full it
 * starts over, so callers that build new keys for every call cannot make it grow without bound.
 *
 * @param <K> the key type, compared by identity
 * @param <V> the value type
 */
final class IdentityCache<K, V> {

    private static final int PROBES = 8;

    private final int capacity;
    private volatile Object[] table;
    private int size;

    /** @param capacity the number of slots, a power of two of at least 16 */
    IdentityCache(int capacity) {
        if (capacity < 16 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16");
        }
        this.capacity = capacity;
        this.table = new Object[capacity * 2];
    }

    private static int index(Object key, int mask) {
        int h = System.identityHashCode(key);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h & mask;
    }

    /**
     * @param key the key
     * @return the cached value, or {@code null}
     */
    @SuppressWarnings("unchecked")
    @Nullable
    V get(K key) {
        Object[] t = table;
        int mask = capacity - 1;
        int i = index(key, mask);
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = 2 * ((i + probe) & mask);
            Object k = t[slot];
            if (k == key) {
                return (V) t[slot + 1];
            }
            if (k == null) {
                return null;
            }
        }
        return null;
    }

    /**
     * @param key the key
     * @param compute computes the value on a miss; may be called more than once for one key under contention
     * @return the cached or computed value
     */
    V computeIfAbsent(K key, Function<K, V> compute) {
        V v = get(key);
        if (v != null) {
            return v;
        }
        v = compute.apply(key);
        put(key, v);
        return v;
    }

    private synchronized void put(K key, V value) {
        int mask = capacity - 1;
        if (size >= capacity / 2) {
            table = new Object[capacity * 2];
            size = 0;
        }
        Object[] copy = table.clone();
        int i = index(key, mask);
        for (int probe = 0; probe < PROBES; probe++) {
            int slot = 2 * ((i + probe) & mask);
            if (copy[slot] == null || copy[slot] == key) {
                if (copy[slot] == null) {
                    size++;
                }
                copy[slot] = key;
                copy[slot + 1] = value;
                table = copy;
                return;
            }
        }
        // the neighbourhood is full: leave it uncached (the caller falls back to the slower path)
    }

    /** @return the number of cached keys */
    synchronized int size() {
        return size;
    }
}
