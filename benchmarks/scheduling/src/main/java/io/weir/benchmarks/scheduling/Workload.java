// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.weir.scheduler.Task;

/**
 * A seeded workload generator. Arrivals are Poisson or bursty (a two-state Markov-modulated Poisson process that
 * alternates exponentially distributed ON and OFF periods, each with its own rate); costs and input sizes are
 * lognormal; priorities 0..9 (20 % urgent 0..2, 60 % normal 3..6, 20 % background 7..9); a share of the tasks has
 * a deadline of {@code arrival + costMs * U(slackMin, slackMax) + U(100, 500) ms}; a share may be offloaded.
 *
 * @param onRatePerS arrival rate, per second, (of the ON state when bursty)
 * @param offRatePerS arrival rate of the OFF state; ignored unless bursty
 * @param meanOnMs mean length of an ON period; 0 for plain Poisson arrivals
 * @param meanOffMs mean length of an OFF period
 * @param costMedianMs median task cost, ms on a reference core
 * @param costSigma lognormal sigma of the cost
 * @param costNoiseSigma lognormal sigma of actual/estimated cost (mean 1)
 * @param inputMedianKiB median input size
 * @param inputSigma lognormal sigma of the input size
 * @param offloadableShare share of tasks that may leave the gateway
 * @param deadlineShare share of tasks with a deadline
 * @param slackMin least deadline slack in multiples of the cost
 * @param slackMax most deadline slack in multiples of the cost
 * @param jitterSigma lognormal sigma (mean 1) of the per-transfer link latency factor
 */
record Workload(double onRatePerS, double offRatePerS, double meanOnMs, double meanOffMs, double costMedianMs,
        double costSigma, double costNoiseSigma, double inputMedianKiB, double inputSigma, double offloadableShare,
        double deadlineShare, double slackMin, double slackMax, double jitterSigma) {

    /** @return whether arrivals are bursty (MMPP on/off) */
    boolean bursty() {
        return meanOnMs > 0;
    }

    /** @return the long-run mean arrival rate per second */
    double meanRatePerS() {
        return bursty() ? (onRatePerS * meanOnMs + offRatePerS * meanOffMs) / (meanOnMs + meanOffMs) : onRatePerS;
    }

    /** @return the mean task cost, ms */
    double meanCostMs() {
        return costMedianMs * Math.exp(costSigma * costSigma / 2);
    }

    String describe() {
        String arrivals = bursty()
                ? String.format("bursty MMPP %.0f/s ON (mean %.1f s) / %.0f/s OFF (mean %.1f s), mean %.1f/s",
                        onRatePerS, meanOnMs / 1000, offRatePerS, meanOffMs / 1000, meanRatePerS())
                : String.format("Poisson %.1f/s", onRatePerS);
        return String.format("%s; cost lognormal median %.0f ms sigma %.1f (mean %.0f ms, actual = estimate x "
                + "lognormal sigma %.2f); input median %.0f KiB sigma %.1f; %.0f %% offloadable, %.0f %% with deadline",
                arrivals, costMedianMs, costSigma, meanCostMs(), costNoiseSigma, inputMedianKiB, inputSigma,
                100 * offloadableShare, 100 * deadlineShare);
    }

    /**
     * @param count tasks to generate
     * @param seed the seed; the same seed gives the same trace
     * @return the trace in arrival order
     */
    List<TraceTask> generate(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<TraceTask> out = new ArrayList<>(count);
        double t = 0;
        boolean on = true;
        double stateEnd = bursty() ? rnd.nextExponential() * meanOnMs : Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            while (true) {
                double rate = (on ? onRatePerS : offRatePerS) / 1000;
                double next = rate > 0 ? t + rnd.nextExponential() / rate : Double.POSITIVE_INFINITY;
                if (next <= stateEnd) {
                    t = next;
                    break;
                }
                t = stateEnd; // memoryless: restart the draw in the new state
                on = !on;
                stateEnd = t + rnd.nextExponential() * (on ? meanOnMs : meanOffMs);
            }
            double cost = round3(costMedianMs * Math.exp(costSigma * rnd.nextGaussian()));
            double actual = round3(cost * lognormalMeanOne(rnd, costNoiseSigma));
            long bytes = Math.round(inputMedianKiB * 1024 * Math.exp(inputSigma * rnd.nextGaussian()));
            double u = rnd.nextDouble();
            int priority = u < 0.2 ? rnd.nextInt(0, 3) : u < 0.8 ? rnd.nextInt(3, 7) : rnd.nextInt(7, 10);
            long deadline = Task.NO_DEADLINE;
            if (rnd.nextDouble() < deadlineShare) {
                deadline = (long) Math.ceil(t + cost * (slackMin + (slackMax - slackMin) * rnd.nextDouble())
                        + 100 + 400 * rnd.nextDouble());
            }
            boolean offloadable = rnd.nextDouble() < offloadableShare;
            double up = lognormalMeanOne(rnd, jitterSigma);
            double down = lognormalMeanOne(rnd, jitterSigma);
            Task task = new Task("t" + i, cost > 3 * costMedianMs ? "sim:heavy" : "sim:light", cost, bytes, priority,
                    deadline, offloadable);
            out.add(new TraceTask(i, round3(t), task, actual, up, down));
        }
        return out;
    }

    private static double lognormalMeanOne(SplittableRandom rnd, double sigma) {
        return sigma == 0 ? 1 : Math.exp(sigma * rnd.nextGaussian() - sigma * sigma / 2);
    }

    /** Rounds to a microsecond, so that traces print and compare exactly. */
    private static double round3(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
