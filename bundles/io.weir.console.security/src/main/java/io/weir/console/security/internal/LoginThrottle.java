// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts consecutive failed logins per remote address and locks an address out for a while after too many.
 * The table is bounded, so a flood of addresses cannot exhaust memory: the stalest entries are evicted.
 * Thread-safe.
 */
final class LoginThrottle {

    static final int MAX_ENTRIES = 10_000;

    private static final class Entry {
        int failures;
        long lockedUntil;
    }

    private final int maxFailures;
    private final long lockoutMillis;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    LoginThrottle(int maxFailures, long lockoutMillis, LongSupplier clock) {
        if (maxFailures < 1 || lockoutMillis < 1) {
            throw new IllegalArgumentException("maxFailures and lockout must be positive");
        }
        this.maxFailures = maxFailures;
        this.lockoutMillis = lockoutMillis;
        this.clock = clock;
    }

    /** @return milliseconds the address must still wait, 0 if it may try */
    synchronized long lockedFor(String address) {
        Entry e = entries.get(address);
        if (e == null) {
            return 0;
        }
        long left = e.lockedUntil - clock.getAsLong();
        if (left <= 0 && e.lockedUntil != 0) {
            entries.remove(address);
            return 0;
        }
        return Math.max(0, left);
    }

    synchronized void failure(String address) {
        Entry e = entries.computeIfAbsent(address, a -> new Entry());
        e.failures++;
        if (e.failures >= maxFailures) {
            e.lockedUntil = clock.getAsLong() + lockoutMillis;
        }
        if (entries.size() > MAX_ENTRIES) {
            Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            it.next();
            it.remove();
        }
    }

    synchronized void success(String address) {
        entries.remove(address);
    }
}
