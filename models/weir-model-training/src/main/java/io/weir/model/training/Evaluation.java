// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Locale;

/**
 * How a model's anomaly decisions (score at or above the threshold) compare with the labels of evaluation data.
 * Anomaly is the positive class.
 *
 * @param truePositives anomalies flagged
 * @param falsePositives normal windows flagged
 * @param trueNegatives normal windows not flagged
 * @param falseNegatives anomalies missed
 */
public record Evaluation(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {

    /**
     * Checks the counts.
     *
     * @param truePositives see {@link #truePositives()}
     * @param falsePositives see {@link #falsePositives()}
     * @param trueNegatives see {@link #trueNegatives()}
     * @param falseNegatives see {@link #falseNegatives()}
     * @throws IllegalArgumentException if a count is negative
     */
    public Evaluation {
        if (truePositives < 0 || falsePositives < 0 || trueNegatives < 0 || falseNegatives < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** @return the number of evaluated examples */
    public int samples() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** @return the number of anomalies among them */
    public int positives() {
        return truePositives + falseNegatives;
    }

    /** @return flagged anomalies / flagged windows; 0 when nothing is flagged */
    public double precision() {
        int flagged = truePositives + falsePositives;
        return flagged == 0 ? 0.0 : (double) truePositives / flagged;
    }

    /** @return flagged anomalies / anomalies; 0 when there are no anomalies */
    public double recall() {
        int positives = positives();
        return positives == 0 ? 0.0 : (double) truePositives / positives;
    }

    /** @return the harmonic mean of precision and recall; 0 when both are 0 */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** @return correct decisions / examples; 0 without examples */
    public double accuracy() {
        int n = samples();
        return n == 0 ? 0.0 : (double) (truePositives + trueNegatives) / n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "precision %.4f recall %.4f f1 %.4f accuracy %.4f (tp %d fp %d tn %d fn %d)",
                precision(), recall(), f1(), accuracy(), truePositives, falsePositives, trueNegatives,
                falseNegatives);
    }
}
