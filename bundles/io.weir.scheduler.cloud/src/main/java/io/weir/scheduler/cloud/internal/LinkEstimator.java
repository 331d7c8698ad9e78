// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import io.weir.scheduler.LatencyEstimates;

/**
 * Learns the link terms of the latency model ({@code uplinkMs + KiB × uplinkMsPerKiB + downlinkMs}) from answered
 * offload requests.
 *
 * <p>Each answer gives one sample: its payload size {@code s} in KiB and its <em>link time</em> {@code y}, the
 * round trip measured on the gateway minus the {@code compute.ms} the cloud reports. The model is the line {@code y
 * = F + k·s}: {@code k} is {@code uplinkMsPerKiB}, {@code F} the fixed part {@code uplinkMs + downlinkMs}. It is
 * fitted by exponentially weighted least squares: four EWMAs with weight {@code alpha}, seeded by the first sample,
 *
 * <pre>
 * mS = EWMA(s)   mY = EWMA(y)   mSS = EWMA(s²)   mSY = EWMA(s·y)
 * var = mSS − mS²        (the weighted variance of the sizes)
 * k   = max(0, (mSY − mS·mY) / var)     only while var ≥ {@value #MIN_SIZE_VARIANCE_KIB2} KiB²;
 *                                      otherwise k keeps its last value (the prior until sizes have varied)
 * F   = max(0, mY − k·mS)
 * </pre>
 *
 * <p>With sizes that never vary the slope cannot be seen, so {@code k} stays at the prior and {@code F} absorbs the
 * rest. A round trip cannot tell the two directions apart, so {@code F} is split in the ratio of the configured
 * priors: {@code uplinkMs = F·u/(u+d)}, {@code downlinkMs = F·d/(u+d)} (half each when both priors are 0). Before the
 * first sample the priors are reported as configured.
 *
 * <p>Threads: {@link #observe} is synchronized; {@link #estimates()} reads a volatile immutable snapshot and never
 * blocks (the scheduler calls it under its own lock).
 */
final class LinkEstimator {

    /** Sizes must vary by about 1 KiB (standard deviation) before a slope is fitted: {@value} KiB². */
    static final double MIN_SIZE_VARIANCE_KIB2 = 1.0;

    private final double alpha;
    private final double uplinkShare;
    private long samples;
    private double mS;
    private double mY;
    private double mSS;
    private double mSY;
    private double perKiB;
    private volatile LatencyEstimates current;

    /**
     * @param alpha weight of a new sample, (0, 1]
     * @param uplinkMs prior uplink latency
     * @param uplinkMsPerKiB prior cost per KiB
     * @param downlinkMs prior downlink latency
     */
    LinkEstimator(double alpha, double uplinkMs, double uplinkMsPerKiB, double downlinkMs) {
        this.alpha = alpha;
        this.uplinkShare = uplinkMs + downlinkMs > 0 ? uplinkMs / (uplinkMs + downlinkMs) : 0.5;
        this.perKiB = uplinkMsPerKiB;
        this.current = new LatencyEstimates(0, 1, uplinkMs, uplinkMsPerKiB, downlinkMs);
    }

    /**
     * Adds one answered request.
     *
     * @param linkMs its round trip minus the cloud's compute time, ms; ignored unless finite and {@code >= 0}
     * @param payloadBytes the size of the payload sent
     */
    synchronized void observe(double linkMs, long payloadBytes) {
        if (!Double.isFinite(linkMs) || linkMs < 0 || payloadBytes < 0) {
            return;
        }
        double s = payloadBytes / 1024.0;
        if (samples++ == 0) {
            mS = s;
            mY = linkMs;
            mSS = s * s;
            mSY = s * linkMs;
        } else {
            mS += alpha * (s - mS);
            mY += alpha * (linkMs - mY);
            mSS += alpha * (s * s - mSS);
            mSY += alpha * (s * linkMs - mSY);
        }
        double var = mSS - mS * mS;
        if (var >= MIN_SIZE_VARIANCE_KIB2) {
            perKiB = Math.max(0, (mSY - mS * mY) / var);
        }
        double fixed = Math.max(0, mY - perKiB * mS);
        current = new LatencyEstimates(0, 1, fixed * uplinkShare, perKiB, fixed * (1 - uplinkShare));
    }

    /** @return the current link terms ({@code queueMs} 0 and {@code computeFactor} 1: the scheduler learns those) */
    LatencyEstimates estimates() {
        return current;
    }

    /** @return the answers learned from so far */
    synchronized long samples() {
        return samples;
    }
}
