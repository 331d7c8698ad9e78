// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Objects;

/**
 * How {@link AnomalyModelTrainer} trains. The optimiser is AdaGrad (epsilon 0.1) with one example per step; the
 * factorization machine's interaction factors start from a normal distribution of variance 0.1.
 *
 * @param seed seed of Tribuo's random numbers (example shuffling, initial factors); the same seed and data give the
 *        same model, byte for byte
 * @param epochs passes over the training data, 1 to 10,000
 * @param algorithm the model family
 * @param learningRate AdaGrad's initial learning rate, greater than 0
 * @param factors rank of the factorization machine's interactions, 1 to 64 (ignored by logistic regression)
 * @param threshold anomaly score at or above which a window is an anomaly, in (0, 1); written as {@code
 *        output.threshold} and used by the evaluation
 */
public record TrainerOptions(long seed, int epochs, Algorithm algorithm, double learningRate, int factors,
        double threshold) {

    /**
     * Checks the options.
     *
     * @param seed see {@link #seed()}
     * @param epochs see {@link #epochs()}
     * @param algorithm see {@link #algorithm()}
     * @param learningRate see {@link #learningRate()}
     * @param factors see {@link #factors()}
     * @param threshold see {@link #threshold()}
     * @throws IllegalArgumentException naming the option and its value
     */
    public TrainerOptions {
        Objects.requireNonNull(algorithm, "algorithm");
        if (epochs < 1 || epochs > 10_000) {
            throw new IllegalArgumentException("epochs must be in 1..10000, got " + epochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number above 0, got " + learningRate);
        }
        if (factors < 1 || factors > 64) {
            throw new IllegalArgumentException("factors must be in 1..64, got " + factors);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
        }
    }

    /**
     * @return seed 1, 10 epochs, a factorization machine with 4 factors, learning rate 0.1, threshold 0.5
     */
    public static TrainerOptions defaults() {
        return new TrainerOptions(1, 10, Algorithm.FACTORIZATION_MACHINE, 0.1, 4, 0.5);
    }

    /**
     * @param newSeed the seed
     * @return these options with another seed
     */
    public TrainerOptions withSeed(long newSeed) {
        return new TrainerOptions(newSeed, epochs, algorithm, learningRate, factors, threshold);
    }

    /**
     * @param newEpochs the number of epochs
     * @return these options with another number of epochs
     */
    public TrainerOptions withEpochs(int newEpochs) {
        return new TrainerOptions(seed, newEpochs, algorithm, learningRate, factors, threshold);
    }

    /**
     * @param newAlgorithm the model family
     * @return these options with another algorithm
     */
    public TrainerOptions withAlgorithm(Algorithm newAlgorithm) {
        return new TrainerOptions(seed, epochs, newAlgorithm, learningRate, factors, threshold);
    }

    /**
     * @param newLearningRate AdaGrad's initial learning rate
     * @return these options with another learning rate
     */
    public TrainerOptions withLearningRate(double newLearningRate) {
        return new TrainerOptions(seed, epochs, algorithm, newLearningRate, factors, threshold);
    }

    /**
     * @param newFactors the factorization machine's rank
     * @return these options with another rank
     */
    public TrainerOptions withFactors(int newFactors) {
        return new TrainerOptions(seed, epochs, algorithm, learningRate, newFactors, threshold);
    }

    /**
     * @param newThreshold the decision threshold
     * @return these options with another threshold
     */
    public TrainerOptions withThreshold(double newThreshold) {
        return new TrainerOptions(seed, epochs, algorithm, learningRate, factors, newThreshold);
    }
}
