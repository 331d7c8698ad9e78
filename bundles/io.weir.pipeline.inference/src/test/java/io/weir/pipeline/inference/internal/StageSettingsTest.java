// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.pipeline.inference.fake.FakeEngine;

/** Configuration defaults and the messages of invalid configuration, through the factory as the engine calls it. */
class StageSettingsTest {

    private static final String WHERE = "inference stage 's1' of pipeline 'p': invalid configuration ";

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("model", "vib");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static void create(Map<String, Object> config) {
        new InferenceStageFactory(new FakeEngine()).create(TestContext.of(config));
    }

    @Test
    void defaults() {
        StageSettings s = StageSettings.read(TestContext.of(config()));
        assertThat(s.model()).isEqualTo("vib");
        assertThat(s.features()).isEmpty();
        assertThat(s.normalize()).isTrue();
        assertThat(s.input()).isEmpty();
        assertThat(s.scoreField()).isEqualTo("anomaly_score");
        assertThat(s.labelField()).isEqualTo("anomaly_predicted");
        assertThat(s.predictionField()).isEqualTo("prediction");
        assertThat(s.versionField()).isEqualTo("model_version");
        assertThat(s.outputPrefix()).isEmpty();
        assertThat(s.deadLetterMissing()).isFalse();
        assertThat(s.statistic()).isEqualTo(DriftStatistic.PSI);
        assertThat(s.window()).isEqualTo(500);
        assertThat(s.threshold()).isEqualTo(0.25);
        assertThat(s.sustainMs()).isEqualTo(60_000);
        assertThat(s.minSamples()).isEqualTo(500);
        assertThat(s.reminderMs()).isEqualTo(600_000);
        assertThat(s.groundTruthField()).isEmpty();
        assertThat(s.errorThreshold()).isEqualTo(0.1);
        assertThat(s.where()).isEqualTo("inference stage 's1' of pipeline 'p'");
    }

    @Test
    void valuesAsAConfigurationFileDeliversThem() {
        StageSettings s = StageSettings.read(TestContext.of(config("features", List.of("a", " b"), "normalize",
                "false", "driftStatistic", "KS", "driftWindow", "100", "driftMinSamples", 20L, "missing",
                "dead-letter", "labelField", "", "errorThreshold", "0.2")));
        assertThat(s.features()).containsExactly("a", "b");
        assertThat(s.normalize()).isFalse();
        assertThat(s.statistic()).isEqualTo(DriftStatistic.KS);
        assertThat(s.threshold()).isEqualTo(0.1);
        assertThat(s.window()).isEqualTo(100);
        assertThat(s.minSamples()).isEqualTo(20);
        assertThat(s.deadLetterMissing()).isTrue();
        assertThat(s.labelField()).isEmpty();
        assertThat(s.errorThreshold()).isEqualTo(0.2);
        assertThat(StageSettings.read(TestContext.of(config("features", "a"))).features()).containsExactly("a");
        assertThat(StageSettings.read(TestContext.of(config("driftStatistic", "none"))).statistic()).isNull();
    }

    @Test
    void invalidConfigurationNamesTheStageAndTheAttribute() {
        Map<String, Object> noModel = config();
        noModel.remove("model");
        assertThatThrownBy(() -> create(noModel)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(WHERE + "'model': is required");
        assertThatThrownBy(() -> create(config("model", " "))).hasMessage(WHERE + "'model': is required");
        assertThatThrownBy(() -> create(config("driftWindow", 5)))
                .hasMessage(WHERE + "'driftWindow': must be between 10 and 1000000, was 5");
        assertThatThrownBy(() -> create(config("driftWindow", "many"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(WHERE + "'driftWindow': ");
        assertThatThrownBy(() -> create(config("driftStatistic", "chi2")))
                .hasMessage(WHERE + "'driftStatistic': 'chi2' is not one of psi, ks, none");
        assertThatThrownBy(() -> create(config("missing", "ignore")))
                .hasMessage(WHERE + "'missing': 'ignore' is not one of skip, dead-letter");
        assertThatThrownBy(() -> create(config("driftThreshold", -1)))
                .hasMessage(WHERE + "'driftThreshold': must be a finite number > 0, was -1.0");
        assertThatThrownBy(() -> create(config("driftStatistic", "ks", "driftThreshold", 1.5)))
                .hasMessage(WHERE + "'driftThreshold': a KS distance is below 1, was 1.5");
        assertThatThrownBy(() -> create(config("driftWindow", 50, "driftMinSamples", 51)))
                .hasMessage(WHERE + "'driftMinSamples': must be between 0 and 50, was 51");
        assertThatThrownBy(() -> create(config("driftSustainMs", -1)))
                .hasMessage(WHERE + "'driftSustainMs': must be >= 0, was -1");
        assertThatThrownBy(() -> create(config("errorThreshold", 0)))
                .hasMessage(WHERE + "'errorThreshold': must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> create(config("features", List.of("a", "a"))))
                .hasMessage(WHERE + "'features': feature 'a' is listed twice");
        assertThatThrownBy(() -> create(config("features", List.of("a", ""))))
                .hasMessage(WHERE + "'features': a feature name is empty");
        assertThatThrownBy(() -> create(config("scoreField", "")))
                .hasMessage(WHERE + "'scoreField': is required");
        assertThatThrownBy(() -> create(config("labelField", "anomaly_score")))
                .hasMessage(WHERE + "'labelField': field 'anomaly_score' is also the scoreField");
        assertThatThrownBy(() -> create(config("versionField", "prediction")))
                .hasMessage(WHERE + "'versionField': field 'prediction' is also the predictionField");
        assertThatThrownBy(() -> create(config("groundTruthTimeField", "label_for")))
                .hasMessage(WHERE + "'groundTruthTimeField': needs groundTruthField, the field with the delayed label");
        assertThatThrownBy(() -> create(config("groundTruthField", "t", "groundTruthTimeField", "t")))
                .hasMessage(WHERE + "'groundTruthTimeField': must differ from groundTruthField ('t')");
        assertThatThrownBy(() -> create(config("groundTruthMaxDelayMs", 0)))
                .hasMessage(WHERE + "'groundTruthMaxDelayMs': must be >= 1, was 0");
        assertThatThrownBy(() -> create(config("groundTruthMaxPending", 0)))
                .hasMessage(WHERE + "'groundTruthMaxPending': must be between 1 and 1000000, was 0");
    }
}
