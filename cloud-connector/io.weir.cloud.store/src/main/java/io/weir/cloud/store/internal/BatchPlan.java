// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.weir.cloud.store.FullPolicy;
import io.weir.cloud.store.StoreOptions;

/**
 * The capacity decisions for one write batch: which new messages are admitted, which are refused, and which stored
 * (or earlier admitted) messages are evicted to make room. Nothing changes in the {@link SendIndex} until
 * {@link #apply()} after the batch is durable, so a failed write leaves the index as it was.
 *
 * <p>An atomic batch ({@code MessageStore.appendAll}) is admitted message by message between a {@link #checkpoint()}
 * and either nothing (all admitted) or a {@link #rollback(Checkpoint)}, which undoes everything its messages changed
 * in the plan (their admissions, the victims chosen for them, the flags on earlier messages they evicted). Its
 * messages are admitted <em>pinned</em>: no later message of the same commit may evict them, so a batch is never
 * written in part.
 *
 * <p>{@link #admit}, {@link #checkpoint}, {@link #rollback} and {@link #apply} must be called while holding the
 * index's monitor.
 */
public final class BatchPlan {

    /** A message admitted in this batch. */
    public static final class Staged {
        final long id;
        final int size;
        final Object tag;
        final boolean pinned;
        boolean evicted;

        Staged(long id, int size, Object tag, boolean pinned) {
            this.id = id;
            this.size = size;
            this.tag = tag;
            this.pinned = pinned;
        }

        /** @return its id */
        public long id() {
            return id;
        }

        /** @return the caller's tag */
        public Object tag() {
            return tag;
        }

        /** @return whether a later, more urgent message of the same batch evicted it before it was written */
        public boolean evicted() {
            return evicted;
        }

        /** @return whether it belongs to an atomic batch (never evicted within the commit) */
        public boolean pinned() {
            return pinned;
        }
    }

    /** The plan's state before an atomic batch, to undo it with {@link #rollback}. */
    public static final class Checkpoint {
        final int staged;
        final int[] stagedByPriority = new int[SendIndex.PRIORITIES];
        final int[] stagedCursor;
        final long[] lastVictim;
        final int victims;
        final int flagged;
        final long deltaMessages;
        final long deltaBytes;
        final int stagedEvictions;

        Checkpoint(BatchPlan plan) {
            staged = plan.staged.size();
            for (int p = 0; p < SendIndex.PRIORITIES; p++) {
                stagedByPriority[p] = plan.stagedByPriority[p].size();
            }
            stagedCursor = plan.stagedCursor.clone();
            lastVictim = plan.lastVictim.clone();
            victims = plan.victims.size();
            flagged = plan.flagged.size();
            deltaMessages = plan.deltaMessages;
            deltaBytes = plan.deltaBytes;
            stagedEvictions = plan.stagedEvictions;
        }
    }

    private final SendIndex index;
    private final StoreOptions options;
    private final List<Staged> staged = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private final List<Staged>[] stagedByPriority = new List[SendIndex.PRIORITIES];
    private final int[] stagedCursor = new int[SendIndex.PRIORITIES];
    private final long[] lastVictim = new long[SendIndex.PRIORITIES];
    private final List<Long> victims = new ArrayList<>();
    private final List<Staged> flagged = new ArrayList<>(); // admitted messages marked evicted, in order
    private long deltaMessages;
    private long deltaBytes;
    private int stagedEvictions;

    /**
     * @param index the index the batch is planned against
     * @param options the capacity settings
     */
    public BatchPlan(SendIndex index, StoreOptions options) {
        this.index = index;
        this.options = options;
        for (int p = 0; p < SendIndex.PRIORITIES; p++) {
            stagedByPriority[p] = new ArrayList<>();
            lastVictim[p] = Long.MIN_VALUE;
        }
    }

    /**
     * Decides on one new message. Returns {@code null} if it is admitted (with eviction where the policy allows),
     * else the reason it is refused.
     *
     * @param id its id
     * @param size its accounted size
     * @param tag the caller's handle for it, returned by {@link #staged()}
     * @return {@code null} if admitted, else a message for {@link io.weir.cloud.store.StoreFullException}
     */
    public String admit(long id, int size, Object tag) {
        return admit(id, size, tag, false);
    }

    /**
     * Decides on one new message, as {@link #admit(long, int, Object)}.
     *
     * @param id its id
     * @param size its accounted size
     * @param tag the caller's handle for it, returned by {@link #staged()}
     * @param pinned whether it belongs to an atomic batch: then no later message of this commit may evict it
     * @return {@code null} if admitted, else a message for {@link io.weir.cloud.store.StoreFullException}
     */
    public String admit(long id, int size, Object tag, boolean pinned) {
        int priority = MessageCodec.priority(id);
        boolean control = priority <= options.controlPriorityMax();
        long maxMessages = options.maxMessages() + (control ? options.controlHeadroomMessages() : 0);
        long maxBytes = options.maxBytes() + (control ? options.controlHeadroomBytes() : 0);
        long messages = messages();
        long bytes = bytes();
        if (size > maxBytes) {
            return "message of " + size + " bytes (payload + topic) is larger than the store's limit of " + maxBytes
                    + " bytes for priority " + priority;
        }
        long needMessages = messages + 1 - maxMessages;
        long needBytes = bytes + size - maxBytes;
        if (needMessages > 0 || needBytes > 0) {
            String full = needMessages > 0
                    ? "store full: " + messages + " messages stored, limit " + maxMessages + " for priority " + priority
                    : "store full: " + bytes + " bytes stored + " + size + " new would exceed the limit of " + maxBytes
                            + " bytes for priority " + priority;
            if (options.fullPolicy() == FullPolicy.REJECT_NEW) {
                return full + "; new messages are rejected (policy REJECT_NEW)";
            }
            if (!evict(priority, Math.max(0, needMessages), Math.max(0, needBytes))) {
                return full + "; not enough stored messages of lower priority than " + priority
                        + " to evict (policy EVICT_OLDEST_LOWEST)";
            }
        }
        Staged s = new Staged(id, size, tag, pinned);
        staged.add(s);
        stagedByPriority[priority].add(s);
        deltaMessages++;
        deltaBytes += size;
        return null;
    }

    /** Finds victims (lowest priority first, oldest first) that free enough; takes them only if they do. */
    private boolean evict(int priority, long needMessages, long needBytes) {
        List<Long> committed = new ArrayList<>();
        List<Staged> fromBatch = new ArrayList<>();
        long freedMessages = 0;
        long freedBytes = 0;
        search:
        for (int p = SendIndex.PRIORITIES - 1; p > priority; p--) {
            for (Map.Entry<Long, Integer> e : index.map(p).tailMap(lastVictim[p], false).entrySet()) {
                if (freedMessages >= needMessages && freedBytes >= needBytes) {
                    break search;
                }
                committed.add(e.getKey());
                freedMessages++;
                freedBytes += e.getValue();
            }
            List<Staged> list = stagedByPriority[p];
            for (int i = stagedCursor[p]; i < list.size(); i++) {
                if (freedMessages >= needMessages && freedBytes >= needBytes) {
                    break search;
                }
                Staged s = list.get(i);
                if (!s.evicted && !s.pinned) {
                    fromBatch.add(s);
                    freedMessages++;
                    freedBytes += s.size;
                }
            }
        }
        if (freedMessages < needMessages || freedBytes < needBytes) {
            return false;
        }
        for (Long id : committed) {
            lastVictim[MessageCodec.priority(id)] = id;
            victims.add(id);
        }
        for (Staged s : fromBatch) {
            s.evicted = true;
            flagged.add(s);
            stagedEvictions++;
            int p = MessageCodec.priority(s.id);
            while (stagedCursor[p] < stagedByPriority[p].size() && (stagedByPriority[p].get(stagedCursor[p]).evicted
                    || stagedByPriority[p].get(stagedCursor[p]).pinned)) {
                stagedCursor[p]++;
            }
        }
        deltaMessages -= freedMessages;
        deltaBytes -= freedBytes;
        return true;
    }

    /** @return the plan's state now, before an atomic batch */
    public Checkpoint checkpoint() {
        return new Checkpoint(this);
    }

    /**
     * Undoes everything admitted since the checkpoint: the admissions, the victims chosen and the evictions of
     * earlier admitted messages. Checkpoints taken after this one become invalid.
     *
     * @param cp a checkpoint of this plan
     */
    public void rollback(Checkpoint cp) {
        for (int i = flagged.size() - 1; i >= cp.flagged; i--) {
            flagged.remove(i).evicted = false;
        }
        truncate(staged, cp.staged);
        for (int p = 0; p < SendIndex.PRIORITIES; p++) {
            truncate(stagedByPriority[p], cp.stagedByPriority[p]);
        }
        System.arraycopy(cp.stagedCursor, 0, stagedCursor, 0, stagedCursor.length);
        System.arraycopy(cp.lastVictim, 0, lastVictim, 0, lastVictim.length);
        truncate(victims, cp.victims);
        deltaMessages = cp.deltaMessages;
        deltaBytes = cp.deltaBytes;
        stagedEvictions = cp.stagedEvictions;
    }

    private static void truncate(List<?> list, int size) {
        list.subList(size, list.size()).clear();
    }

    /**
     * @param cp a checkpoint of this plan
     * @return the stored messages chosen as victims since the checkpoint (a copy)
     */
    public List<Long> victimsSince(Checkpoint cp) {
        return new ArrayList<>(victims.subList(cp.victims, victims.size()));
    }

    private long messages() {
        return index.messages() + deltaMessages;
    }

    private long bytes() {
        return index.bytes() + deltaBytes;
    }

    /** @return the admitted messages in admission order (check {@link Staged#evicted()}) */
    public List<Staged> staged() {
        return staged;
    }

    /** @return ids of stored messages to evict in this batch */
    public List<Long> victims() {
        return victims;
    }

    /** @return how many admitted messages of this batch were evicted by later ones before being written */
    public int stagedEvictions() {
        return stagedEvictions;
    }

    /** @return the planned message count after the batch */
    public long plannedMessages() {
        return messages();
    }

    /** @return the planned accounted bytes after the batch */
    public long plannedBytes() {
        return bytes();
    }

    /**
     * Applies the batch to the index once it is durable: evicts the victims (those not acknowledged in the meantime)
     * and adds the written messages.
     *
     * @return the number of stored messages actually evicted
     */
    public int apply() {
        int evicted = 0;
        for (Long id : victims) {
            if (index.remove(id) >= 0) {
                evicted++;
            }
        }
        for (Staged s : staged) {
            if (!s.evicted) {
                index.add(s.id, s.size);
            }
        }
        return evicted;
    }
}
