// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

/**
 * The validated configuration of the cloud offload target.
 *
 * @param enabled whether the target may be used
 * @param capacity tasks in flight at once, as told to the scheduler
 * @param maxPending requests awaiting a result at most
 * @param maxPayloadBytes the largest payload sent
 * @param uplinkMs prior of the uplink latency, ms
 * @param uplinkMsPerKiB prior of the uplink cost per KiB, ms
 * @param downlinkMs prior of the downlink latency, ms
 * @param alpha EWMA weight of a new answer
 * @param pauseAfterUnanswered requests in a row without an answer that pause offloading; 0: never
 * @param pauseMs the first pause, ms
 * @param maxPauseMs the longest pause, ms
 */
record Settings(boolean enabled, int capacity, int maxPending, int maxPayloadBytes, double uplinkMs,
        double uplinkMsPerKiB, double downlinkMs, double alpha, int pauseAfterUnanswered, long pauseMs,
        long maxPauseMs) {

    /** The largest {@code maxPending}. */
    static final int MAX_PENDING_LIMIT = 65_536;

    /** The largest {@code maxPayloadBytes}: below the connector's default 16 MiB limit, with room for metrics. */
    static final int MAX_PAYLOAD_LIMIT = 16_000_000;

    /** The defaults of the metatype. */
    static final Settings DEFAULTS = new Settings(true, 8, 256, 262_144, 40, 1.0, 40, 0.2, 3, 5_000, 60_000);

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the PID and the attribute
     */
    Settings {
        check(capacity >= 1, "capacity", capacity, "must be at least 1");
        check(maxPending >= 1 && maxPending <= MAX_PENDING_LIMIT, "maxPending", maxPending,
                "must be 1 to " + MAX_PENDING_LIMIT);
        check(capacity <= maxPending, "capacity", capacity, "must not exceed maxPending (" + maxPending + ")");
        check(maxPayloadBytes >= 0 && maxPayloadBytes <= MAX_PAYLOAD_LIMIT, "maxPayloadBytes", maxPayloadBytes,
                "must be 0 to " + MAX_PAYLOAD_LIMIT);
        check(Double.isFinite(uplinkMs) && uplinkMs >= 0, "uplinkMs", uplinkMs, "must be finite and >= 0");
        check(Double.isFinite(uplinkMsPerKiB) && uplinkMsPerKiB >= 0, "uplinkMsPerKiB", uplinkMsPerKiB,
                "must be finite and >= 0");
        check(Double.isFinite(downlinkMs) && downlinkMs >= 0, "downlinkMs", downlinkMs, "must be finite and >= 0");
        check(alpha > 0 && alpha <= 1, "ewmaAlpha", alpha, "must be in (0, 1]");
        check(pauseAfterUnanswered >= 0, "pauseAfterUnanswered", pauseAfterUnanswered, "must be 0 or more");
        check(pauseMs >= 1 && pauseMs <= 3_600_000, "pauseMs", pauseMs, "must be 1 to 3600000");
        check(maxPauseMs >= pauseMs && maxPauseMs <= 3_600_000, "maxPauseMs", maxPauseMs,
                "must be pauseMs (" + pauseMs + ") to 3600000");
    }

    static Settings from(CloudOffloadConfig c) {
        return new Settings(c.enabled(), c.capacity(), c.maxPending(), c.maxPayloadBytes(), c.uplinkMs(),
                c.uplinkMsPerKiB(), c.downlinkMs(), c.ewmaAlpha(), c.pauseAfterUnanswered(), c.pauseMs(),
                c.maxPauseMs());
    }

    private static void check(boolean ok, String attribute, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("configuration " + CloudOffloadTarget.PID + ": '" + attribute + "' "
                    + rule + ", was " + value);
        }
    }
}
