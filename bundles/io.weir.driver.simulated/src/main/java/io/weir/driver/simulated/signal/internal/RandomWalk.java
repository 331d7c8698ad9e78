// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A Gaussian random walk {@code W(n)} (independent standard normal steps) whose value at any step {@code n} is a
 * pure function of the key and {@code n}, computed in O(log n) without replaying the steps before it.
 *
 * <p>Construction (Lévy's midpoint construction of Brownian motion): the walk is defined on the integer positions
 * {@code 0 .. 2^DEPTH}, with {@code W(0) = 0} and {@code W(2^DEPTH) = sqrt(2^DEPTH) * Z}. The value at the
 * midpoint {@code m} of an interval {@code [lo, hi]} whose end values are known is {@code (W(lo) + W(hi)) / 2 +
 * sqrt(hi - lo) / 2 * Z(m)}, which is exactly its conditional distribution. Every integer position is the
 * midpoint of one dyadic interval, so each has one Gaussian number {@code Z(m) = Rng.gaussian(key, m)}. Reading
 * position {@code p} descends {@code DEPTH} levels. The increments {@code W(n+1) - W(n)} are independent standard
 * normal numbers, as for a walk built step by step.
 *
 * <p>Step {@code n} maps to position {@code n + 2^(DEPTH-1)}, so steps from {@code -2^47} to {@code 2^47 - 1}
 * are distinct (at 500 steps per second, about 8,900 years either side of the epoch); steps outside are clamped.
 *
 * <p>Speed: the last descent is remembered, and the next read restarts from the deepest interval that still
 * contains its position, so reading consecutive steps costs about two Gaussian numbers per step. The memo gives
 * bit-identical results to a full descent (the same arithmetic runs from the same interval state). Thread-safe:
 * a thread that finds the memo in use by another thread descends from the root without it.
 */
final class RandomWalk {

    static final int DEPTH = 48;
    private static final long SIZE = 1L << DEPTH;
    private static final long CENTER = 1L << (DEPTH - 1);
    /** Standard deviation of the midpoint at each level: sqrt(interval length) / 2. */
    private static final double[] MID_STD = new double[DEPTH];
    private static final long ROOT_INDEX = -1L;

    static {
        for (int level = 0; level < DEPTH; level++) {
            MID_STD[level] = Math.sqrt(Math.scalb(1.0, DEPTH - level)) / 2;
        }
    }

    private final long key;
    private final double root;
    private final AtomicReference<Memo> memo;

    /** @param key the random stream key of this walk */
    RandomWalk(long key) {
        this.key = key;
        this.root = Math.sqrt((double) SIZE) * Rng.gaussian(key, ROOT_INDEX);
        this.memo = new AtomicReference<>(new Memo(root));
    }

    /**
     * @param step the step index, any value (clamped to the supported range)
     * @return the walk's value after that step, in units of one step's standard deviation
     */
    double at(long step) {
        long p = step >= CENTER ? SIZE - 1 : step < -CENTER ? 0 : step + CENTER;
        Memo m = memo.getAndSet(null);
        if (m == null) {
            return descend(p, 0, 0L, 0.0, root, null);
        }
        try {
            int level = m.deepestContaining(p);
            return descend(p, level, m.lo[level], m.wl[level], m.wr[level], m);
        } finally {
            memo.set(m);
        }
    }

    private double descend(long p, int fromLevel, long lo, double wl, double wr, Memo m) {
        long low = lo;
        double left = wl;
        double right = wr;
        for (int level = fromLevel; level < DEPTH; level++) {
            if (m != null) {
                m.lo[level] = low;
                m.wl[level] = left;
                m.wr[level] = right;
            }
            long mid = low + (1L << (DEPTH - level - 1));
            double wm = (left + right) * 0.5 + MID_STD[level] * Rng.gaussian(key, mid);
            if (p < mid) {
                right = wm;
            } else {
                low = mid;
                left = wm;
            }
        }
        if (m != null) {
            m.lo[DEPTH] = low;
            m.wl[DEPTH] = left;
            m.wr[DEPTH] = right;
            m.depth = DEPTH;
        }
        // the interval [low, low + 1) contains p, so p == low
        return left;
    }

    /** The intervals of the last descent, level by level. Used by one thread at a time. */
    private static final class Memo {
        final long[] lo = new long[DEPTH + 1];
        final double[] wl = new double[DEPTH + 1];
        final double[] wr = new double[DEPTH + 1];
        /** The deepest level whose state is valid; level 0 (the whole range) always is. */
        int depth;

        Memo(double root) {
            wr[0] = root;
        }

        int deepestContaining(long p) {
            for (int level = depth; level > 0; level--) {
                long offset = p - lo[level];
                if (offset >= 0 && offset < (1L << (DEPTH - level))) {
                    return level;
                }
            }
            return 0;
        }
    }
}
