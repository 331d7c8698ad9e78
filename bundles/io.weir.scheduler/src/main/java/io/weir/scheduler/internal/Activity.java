// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many tasks ended per wall-clock second over the last {@value #SECONDS} seconds: completed ones per target
 * (where the work ran) and, in one more row, the ones that failed, expired or were rejected. {@code weir:scheduler}
 * draws it, so a policy swap, an outage or a pause of offloading shows as the work moving between the rows. Not
 * thread-safe: the scheduler's lock guards it.
 */
final class Activity {

    /** The seconds kept. */
    static final int SECONDS = 60;
    /** The row of the tasks that did not complete. */
    static final String NOT_COMPLETED = "(not completed)";

    /** One row: a count per second, the slot of second {@code s} at {@code s % SECONDS}. */
    private static final class Row {
        final int[] counts = new int[SECONDS];
        final long[] second = new long[SECONDS];
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /**
     * @param row the target id, or {@link #NOT_COMPLETED}
     * @param wallMs when the task ended
     */
    void count(String row, long wallMs) {
        Row r = rows.computeIfAbsent(row, k -> new Row());
        long s = Math.floorDiv(wallMs, 1000);
        int i = (int) Math.floorMod(s, (long) SECONDS);
        if (r.second[i] != s) {
            r.second[i] = s;
            r.counts[i] = 0;
        }
        r.counts[i]++;
    }

    /**
     * @param wallMs now
     * @return per row (in the order rows first appeared), the counts of the last {@value #SECONDS} whole seconds
     *     before the current one, oldest first
     */
    Map<String, int[]> last(long wallMs) {
        long now = Math.floorDiv(wallMs, 1000);
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            int[] v = new int[SECONDS];
            for (int k = 0; k < SECONDS; k++) {
                long s = now - SECONDS + k;
                int i = (int) Math.floorMod(s, (long) SECONDS);
                v[k] = r.second[i] == s ? r.counts[i] : 0;
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /**
     * Draws counts as one line of block characters, all rows on the same scale: a space for 0, then ▁ to █ up to
     * {@code max}.
     *
     * @param counts the values
     * @param max the value drawn as █ ({@code >= 1})
     * @return one character per value
     */
    static String sparkline(int[] counts, int max) {
        char[] blocks = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
        StringBuilder b = new StringBuilder(counts.length);
        for (int c : counts) {
            if (c <= 0) {
                b.append(' ');
            } else {
                int level = (int) Math.ceil((double) c * blocks.length / Math.max(1, max)) - 1;
                b.append(blocks[Math.max(0, Math.min(blocks.length - 1, level))]);
            }
        }
        return b.toString();
    }

    /**
     * @param wallMs now
     * @return the lines {@code weir:scheduler} prints: a title, then per row its label, sparkline, peak and last
     *     second; nothing when no task ended in the last {@value #SECONDS} s
     */
    List<String> lines(long wallMs) {
        Map<String, int[]> last = last(wallMs);
        int max = 0;
        for (int[] v : last.values()) {
            for (int c : v) {
                max = Math.max(max, c);
            }
        }
        List<String> out = new ArrayList<>();
        if (max == 0) {
            return out;
        }
        out.add("tasks ended per second, last " + SECONDS + " s (oldest left; one scale, █ = " + max + "/s):");
        for (Map.Entry<String, int[]> e : last.entrySet()) {
            int[] v = e.getValue();
            int peak = 0;
            for (int c : v) {
                peak = Math.max(peak, c);
            }
            out.add(String.format(java.util.Locale.ROOT, "%-16s |%s| peak %d/s, last %d/s", e.getKey(),
                    sparkline(v, max), peak, v[SECONDS - 1]));
        }
        return out;
    }
}
