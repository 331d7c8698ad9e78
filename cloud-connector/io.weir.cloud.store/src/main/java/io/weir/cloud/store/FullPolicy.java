// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

/**
 * What the store does with a new message when it is at its capacity limit (messages or bytes). Either way the
 * publisher learns it: nothing is ever dropped silently.
 */
public enum FullPolicy {
    /**
     * The default: the new message is refused with {@link StoreFullException} and counted in
     * {@link StoreStats#rejectedFull()}. Already stored messages are never touched.
     */
    REJECT_NEW,
    /**
     * The store makes room by evicting the oldest stored messages of the lowest priority (numerically highest)
     * that is strictly lower than the new message's priority, counted in {@link StoreStats#evicted()} and logged at
     * WARN. If no such messages exist, or evicting them all would not make room, the new message is refused with
     * {@link StoreFullException} as with {@link #REJECT_NEW}, and nothing is evicted.
     */
    EVICT_OLDEST_LOWEST
}
