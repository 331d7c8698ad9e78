// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The offload requests awaiting their result, by request id, at most {@code max} of them; and the ids of the last
 * requests that ended, so that an answer for one of them can be told apart (late) from an answer for an id never
 * sent (unknown).
 *
 * <p>Exactly one of the paths that end a request (result, timeout, publish failure, connection loss, stop) wins:
 * the one whose {@link #take(String)} returns the entry. Thread-safe, lock-free except for the small ended-id list.
 */
final class PendingRequests {

    /** One request in flight. */
    static final class Entry {
        final String id;
        final String taskId;
        final String service;
        final int size;
        final long startNanos;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        private volatile @Nullable Future<?> timeout;

        Entry(String id, String taskId, String service, int size, long startNanos) {
            this.id = id;
            this.taskId = taskId;
            this.service = service;
            this.size = size;
            this.startNanos = startNanos;
        }

        void timeout(Future<?> f) {
            timeout = f;
        }
    }

    private final int max;
    private final int remember;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Map<String, Boolean> ended;

    /**
     * @param max requests in flight at most
     * @param remember how many ended request ids to remember
     */
    PendingRequests(int max, int remember) {
        this.max = max;
        this.remember = remember;
        this.ended = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > PendingRequests.this.remember;
            }
        };
    }

    /**
     * @param e a new request
     * @return {@code false} if {@code max} requests are already in flight (nothing was added)
     */
    boolean offer(Entry e) {
        int n;
        do {
            n = count.get();
            if (n >= max) {
                return false;
            }
        } while (!count.compareAndSet(n, n + 1));
        entries.put(e.id, e);
        return true;
    }

    /**
     * Ends a request: removes it, cancels its timeout and remembers its id.
     *
     * @param id a request id
     * @return the entry, or {@code null} if no such request is in flight (it ended already, or never existed)
     */
    @Nullable
    Entry take(String id) {
        Entry e = entries.remove(id);
        if (e == null) {
            return null;
        }
        count.decrementAndGet();
        Future<?> t = e.timeout;
        if (t != null) {
            t.cancel(false);
        }
        synchronized (ended) {
            ended.put(id, Boolean.TRUE);
        }
        return e;
    }

    /** @return every request in flight, each taken as by {@link #take(String)} */
    List<Entry> takeAll() {
        List<Entry> out = new ArrayList<>();
        for (String id : List.copyOf(entries.keySet())) {
            Entry e = take(id);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * @param id a request id
     * @return whether a request with this id ended recently
     */
    boolean ended(String id) {
        synchronized (ended) {
            return ended.containsKey(id);
        }
    }

    /** @return the requests in flight */
    int size() {
        return count.get();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }
}
