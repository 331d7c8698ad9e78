// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * The anomalies injected into a signal. Spikes and random dropouts are decided once per <em>slot</em>: slot
 * {@code n} is the time range {@code [n·samplePeriodMs, (n+1)·samplePeriodMs)} of epoch milliseconds, so every
 * sample in a slot shares the decision, and a listener sampling once per period sees each decision once.
 *
 * @param samplePeriodMs the slot length, at least 1
 * @param spikeProbability the probability in [0, 1] that a slot has a spike
 * @param spikeEveryN a spike in every slot {@code n} with {@code n mod spikeEveryN == 0}; 0 for none
 * @param spikeMagnitude how much a spike adds to or subtracts from the value (the sign is random per slot)
 * @param stuck windows in which the value freezes at the value it had when the window began
 * @param dropout windows in which no value can be read
 * @param dropoutProbability the probability in [0, 1] that a slot has no value
 */
public record Anomalies(long samplePeriodMs, double spikeProbability, int spikeEveryN, double spikeMagnitude,
        Window stuck, Window dropout, double dropoutProbability) {

    /** No anomalies, one-second slots. */
    public static final Anomalies NONE = new Anomalies(1000, 0, 0, 0, Window.NONE, Window.NONE, 0);

    /**
     * Checks the bounds.
     *
     * @param samplePeriodMs see {@link #samplePeriodMs()}
     * @param spikeProbability see {@link #spikeProbability()}
     * @param spikeEveryN see {@link #spikeEveryN()}
     * @param spikeMagnitude see {@link #spikeMagnitude()}
     * @param stuck see {@link #stuck()}
     * @param dropout see {@link #dropout()}
     * @param dropoutProbability see {@link #dropoutProbability()}
     */
    public Anomalies {
        if (samplePeriodMs < 1) {
            throw new IllegalArgumentException("sample period must be at least 1 ms");
        }
        if (!(spikeProbability >= 0 && spikeProbability <= 1) || !(dropoutProbability >= 0 && dropoutProbability <= 1)) {
            throw new IllegalArgumentException("probabilities must be in [0, 1]");
        }
        if (spikeEveryN < 0 || !Double.isFinite(spikeMagnitude)) {
            throw new IllegalArgumentException("spikeEveryN must not be negative, the magnitude finite");
        }
        if (stuck == null || dropout == null) {
            throw new NullPointerException("windows");
        }
    }
}
