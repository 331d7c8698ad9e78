// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Held-out quality of the default model (6 h of training data, seed 1, 1 h held out with another seed, a later
 * and phase-shifted time range).
 *
 * <p>Floors: precision ≥ 0.95 and recall ≥ 0.90. Measured with seeds 1, 2 and 3: precision 1.00, recall 0.950 to
 * 0.958 (35 to 42 misses among 810 to 840 anomalies). Every miss is a window that overlaps the start or end of a
 * stuck episode by one to seven samples: the rest of the window moves normally, so its features are close to a
 * normal window's. Of the windows with 1 to 3 stuck samples about three in four are missed, with 4 or 5 about two
 * in five, with 6 or 7 almost none; every spike window and every window with 8 or more stuck samples is found.
 * The recall floor sits above what logistic regression reaches (0.82 to 0.84: a linear score cannot flag both a
 * wide window, a spike, and a flat one, a stuck value), so it guards the choice of model too.
 */
class ModelQualityTest {

    @Test
    void theDefaultModelMeetsTheFloors() {
        Evaluation e = Models.defaults().model().evaluation();

        assertThat(e.samples()).isEqualTo(3_600);
        assertThat(e.positives()).isBetween(600, 1_000);
        assertThat(e.precision()).as("precision of %s", e).isGreaterThanOrEqualTo(0.95);
        assertThat(e.recall()).as("recall of %s", e).isGreaterThanOrEqualTo(0.90);
        assertThat(e.f1()).as("f1 of %s", e).isGreaterThanOrEqualTo(0.92);
    }

    @Test
    void theFactorizationMachineIsClearlyBetterThanLogisticRegression() {
        Models.Trained t = Models.defaults();
        Evaluation lr = new AnomalyModelTrainer(TrainerOptions.defaults().withAlgorithm(
                Algorithm.LOGISTIC_REGRESSION)).train(t.training(), t.heldOut()).evaluation();
        Evaluation fm = t.model().evaluation();

        assertThat(lr.recall()).as("logistic regression: %s", lr).isLessThan(0.90);
        assertThat(fm.f1() - lr.f1()).as("fm %s, logistic %s", fm, lr).isGreaterThan(0.03);
    }

    /**
     * Spikes only, at a sampling phase (33 ms off the 100 ms grid) that neither the training nor the held-out data
     * has: the 3.7 Hz signal sampled every 100 ms repeats after 100 samples, so the training data holds only 100
     * distinct phases, and a gateway samples at whatever phase its clock gives. Measured: every spike window found,
     * one false alarm in about 1,470 normal windows (a window whose samples happen to miss the peaks looks
     * partly stuck).
     */
    @Test
    void everySpikeWindowIsFoundAtAnUnseenSamplingPhase() {
        Models.Trained t = Models.defaults();
        VibrationScenario scenario = VibrationScenario.defaults().withStuck(0, 0, 0)
                .withSeed(VibrationModelRecipe.HELD_OUT_SEED_MIX ^ 77);
        LabelledData spikesOnly = VibrationDataset.generate(scenario, VibrationModelRecipe.DEFAULT_TRAINING_START_MS
                + 90L * 86_400_000 + 33, 1_800_000, 10);

        long missed = spikesOnly.examples().stream().filter(LabelledExample::anomaly)
                .filter(e -> t.model().anomalyScore(e.features()) < 0.5).count();
        long falseAlarms = spikesOnly.examples().stream().filter(e -> !e.anomaly())
                .filter(e -> t.model().anomalyScore(e.features()) >= 0.5).count();

        assertThat(spikesOnly.positives()).isGreaterThan(200);
        assertThat(missed).isZero();
        assertThat(falseAlarms).isLessThanOrEqualTo(3);
    }
}
