// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Locale;
import java.util.Objects;

/**
 * Everything that defines Weir's default vibration-anomaly model: the scenario, the training and held-out time
 * ranges, the window size and the trainer options. {@link #train(ProgressListener)} generates both data sets and
 * trains; equal recipes give byte-identical models.
 *
 * <p>The held-out data is a different run of the same scenario: its seed is the training seed mixed with {@link
 * #HELD_OUT_SEED_MIX} (other noise, spikes and dropouts), it starts one day and 50 ms after the training data ends
 * (so its samples fall between the training samples' phases of the 3.7 Hz signal, as a gateway's wall-clock sampling
 * does) and lasts {@code heldOutDurationMs}.
 *
 * @param scenario the simulated signal; its seed is the training data's seed
 * @param options the trainer options
 * @param trainingStartMs first training sample, epoch ms
 * @param trainingDurationMs length of the training data, at least one window
 * @param heldOutDurationMs length of the held-out data, at least one window
 * @param windowSize samples per window, at least 1
 */
public record VibrationModelRecipe(VibrationScenario scenario, TrainerOptions options, long trainingStartMs,
        long trainingDurationMs, long heldOutDurationMs, int windowSize) {

    /** XORed into the training seed to give the held-out seed. */
    public static final long HELD_OUT_SEED_MIX = 0x6A09E667F3BCC909L;
    /** Default start of the training data: 2026-01-01T00:00:00Z. */
    public static final long DEFAULT_TRAINING_START_MS = 1_767_225_600_000L;
    /** Default length of the training data, 6 hours: 21,600 windows of 10 samples every 100 ms. */
    public static final double DEFAULT_TRAINING_HOURS = 6.0;
    /** Default length of the held-out data, 1 hour. */
    public static final double DEFAULT_HELD_OUT_HOURS = 1.0;
    /** Phase-shifted segments of the training data. */
    public static final int TRAINING_SEGMENTS = 36;
    /** Phase-shifted segments of the held-out data (their offsets differ from the training segments' but one). */
    public static final int HELD_OUT_SEGMENTS = 12;
    /** The window size of the gateway's default pipeline. */
    public static final int DEFAULT_WINDOW_SIZE = 10;

    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 24 * HOUR_MS;
    private static final long HELD_OUT_PHASE_SHIFT_MS = 50;

    /**
     * Checks the recipe.
     *
     * @param scenario see {@link #scenario()}
     * @param options see {@link #options()}
     * @param trainingStartMs see {@link #trainingStartMs()}
     * @param trainingDurationMs see {@link #trainingDurationMs()}
     * @param heldOutDurationMs see {@link #heldOutDurationMs()}
     * @param windowSize see {@link #windowSize()}
     * @throws IllegalArgumentException if a duration is shorter than one window or the window size below 1
     */
    public VibrationModelRecipe {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(options, "options");
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1, got " + windowSize);
        }
        long windowMs = Math.multiplyExact(scenario.samplePeriodMs(), (long) windowSize);
        if (trainingDurationMs < windowMs || heldOutDurationMs < windowMs) {
            throw new IllegalArgumentException("the training and held-out durations (" + trainingDurationMs + " ms, "
                    + heldOutDurationMs + " ms) must each hold at least one window (" + windowMs + " ms)");
        }
    }

    /**
     * @return {@link VibrationScenario#defaults()}, {@link TrainerOptions#defaults()}, 6 hours of training data from
     *         2026-01-01T00:00:00Z, 1 hour held out, windows of 10 samples
     */
    public static VibrationModelRecipe defaults() {
        return new VibrationModelRecipe(VibrationScenario.defaults(), TrainerOptions.defaults(),
                DEFAULT_TRAINING_START_MS, hoursToMs(DEFAULT_TRAINING_HOURS), hoursToMs(DEFAULT_HELD_OUT_HOURS),
                DEFAULT_WINDOW_SIZE);
    }

    /**
     * @param seed the seed of the training data and of the trainer
     * @return this recipe with the seed in both the scenario and the options
     */
    public VibrationModelRecipe withSeed(long seed) {
        return new VibrationModelRecipe(scenario.withSeed(seed), options.withSeed(seed), trainingStartMs,
                trainingDurationMs, heldOutDurationMs, windowSize);
    }

    /**
     * @param hours length of the training data, in hours
     * @return this recipe with another amount of training data
     */
    public VibrationModelRecipe withTrainingHours(double hours) {
        return new VibrationModelRecipe(scenario, options, trainingStartMs, hoursToMs(hours), heldOutDurationMs,
                windowSize);
    }

    /**
     * @param hours length of the held-out data, in hours
     * @return this recipe with another amount of held-out data
     */
    public VibrationModelRecipe withHeldOutHours(double hours) {
        return new VibrationModelRecipe(scenario, options, trainingStartMs, trainingDurationMs, hoursToMs(hours),
                windowSize);
    }

    /**
     * @param newOptions the trainer options
     * @return this recipe with other options
     */
    public VibrationModelRecipe withOptions(TrainerOptions newOptions) {
        return new VibrationModelRecipe(scenario, newOptions, trainingStartMs, trainingDurationMs, heldOutDurationMs,
                windowSize);
    }

    /**
     * @param newScenario the scenario
     * @return this recipe with another scenario
     */
    public VibrationModelRecipe withScenario(VibrationScenario newScenario) {
        return new VibrationModelRecipe(newScenario, options, trainingStartMs, trainingDurationMs, heldOutDurationMs,
                windowSize);
    }

    /** @return the training data: {@link #TRAINING_SEGMENTS} phase-shifted segments (see {@link VibrationDataset#generatePhased}) */
    public LabelledData trainingData() {
        return VibrationDataset.generatePhased(scenario, trainingStartMs, trainingDurationMs, windowSize,
                TRAINING_SEGMENTS);
    }

    /** @return the held-out data: another seed, a later and phase-shifted time range */
    public LabelledData heldOutData() {
        long start = Math.addExact(Math.addExact(trainingStartMs, trainingDurationMs), DAY_MS + HELD_OUT_PHASE_SHIFT_MS);
        return VibrationDataset.generatePhased(scenario.withSeed(scenario.seed() ^ HELD_OUT_SEED_MIX), start,
                heldOutDurationMs, windowSize, HELD_OUT_SEGMENTS);
    }

    /**
     * Generates the data and trains.
     *
     * @param progress receives progress messages on the calling thread
     * @return the model
     */
    public TrainedModel train(ProgressListener progress) {
        progress.progress(String.format(Locale.ROOT, "generating %s h of training data (seed %d)",
                Double.toString(trainingDurationMs / (double) HOUR_MS), scenario.seed()));
        LabelledData training = trainingData();
        progress.progress(String.format(Locale.ROOT, "generating %s h of held-out data",
                Double.toString(heldOutDurationMs / (double) HOUR_MS)));
        LabelledData heldOut = heldOutData();
        return new AnomalyModelTrainer(options).train(training, heldOut, progress);
    }

    private static long hoursToMs(double hours) {
        if (!(hours > 0) || hours > 24.0 * 366) {
            throw new IllegalArgumentException("hours must be above 0 and at most a year, got " + hours);
        }
        return Math.round(hours * HOUR_MS);
    }
}
