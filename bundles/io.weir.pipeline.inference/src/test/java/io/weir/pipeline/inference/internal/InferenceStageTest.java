// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static io.weir.pipeline.inference.internal.Records.names;
import static io.weir.pipeline.inference.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.inference.ElementType;
import io.weir.inference.InferenceException;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.pipeline.StageException;
import io.weir.pipeline.inference.DriftStatus;
import io.weir.pipeline.inference.fake.FakeEngine;

/** Record-to-tensor mapping, outputs, missing features, model swaps and errors. */
class InferenceStageTest {

    /**
     * Two features a, b normalised with mean (1, 2) and scale (2, 4); the output has columns (normal, anomaly) and
     * the score is column 1 with threshold 0.3.
     */
    static ModelDescriptor v1() {
        return FakeEngine.descriptor("vib", "1.0.0", List.of("input:FLOAT:-1x2"), List.of("probabilities:FLOAT:-1x2"),
                "input.name", "input", "input.features", "a,b", "input.mean", "1,2", "input.scale", "2,4",
                "output.score", "probabilities", "output.score.index", "1", "output.labels", "normal,anomaly",
                "output.threshold", "0.3");
    }

    /** Score = (x0 + x1) / 5, clamped to [0, 1]; outputs (1 − score, score). */
    static FakeEngine.Computation sumOverFive() {
        return FakeEngine.rowFunction("probabilities", x -> {
            double s = Math.max(0, Math.min(1, (x[0] + x[1]) / 5));
            return new double[] {1 - s, s};
        });
    }

    private final FakeEngine engine = new FakeEngine();
    private final Collector out = new Collector();
    private final AtomicLong nanos = new AtomicLong();

    private InferenceStage stage(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("model", "vib");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new InferenceStage(StageSettings.read(TestContext.of(m)), engine, out, nanos::get, s -> { });
    }

    private static float[] lastInput(FakeEngine engine, String name) {
        List<Map<String, Tensor>> calls = engine.calls();
        return calls.get(calls.size() - 1).get(name).toFloatArray();
    }

    @Test
    void normalisesTheFeaturesIntoAOneRowFloatTensorAndAppendsTheOutputs() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage();
        Record in = rec(1000, "state", "run", "a", 5.0, "b", 10);
        Record r = out.one(s, in);
        Tensor input = engine.calls().get(0).get("input");
        assertThat(input.type()).isEqualTo(ElementType.FLOAT);
        assertThat(input.shape()).containsExactly(1, 2);
        // (5 - 1) / 2 = 2, (10 - 2) / 4 = 2
        assertThat(input.toFloatArray()).containsExactly(2f, 2f);
        // score (2 + 2) / 5 = 0.8 >= 0.3; argmax of (0.2, 0.8) is "anomaly"
        assertThat(names(r)).containsExactly("state", "a", "b", "anomaly_score", "anomaly_predicted", "prediction",
                "model_version");
        assertThat(r.value("anomaly_score").type()).isEqualTo(DataType.DOUBLE);
        assertThat(r.value("anomaly_score").doubleValue()).isCloseTo(0.8, within(1e-6));
        assertThat(r.value("anomaly_predicted")).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(r.value("prediction")).isEqualTo(TypedValue.ofString("anomaly"));
        assertThat(r.value("model_version")).isEqualTo(TypedValue.ofString("vib@1.0.0"));
        // the input's values and identity pass unchanged
        assertThat(r.timestamp()).isEqualTo(1000);
        assertThat(r.source()).isEqualTo("asset");
        assertThat(r.value("state")).isEqualTo(TypedValue.ofString("run"));
        assertThat(r.value("b")).isEqualTo(TypedValue.ofInteger(10));

        // (1 - 1) / 2 = 0, (2 - 2) / 4 = 0: score 0 < 0.3, argmax "normal"
        Record low = out.one(s, rec(1100, "a", 1.0, "b", 2.0));
        assertThat(low.value("anomaly_score").doubleValue()).isEqualTo(0.0);
        assertThat(low.value("anomaly_predicted")).isEqualTo(TypedValue.ofBoolean(false));
        assertThat(low.value("prediction")).isEqualTo(TypedValue.ofString("normal"));
    }

    @Test
    void labelAndPredictionFollowTheirOwnRules() throws Exception {
        engine.activate(v1(), sumOverFive());
        // score 0.4: label by threshold 0.3 is true, argmax of (0.6, 0.4) is "normal"
        Record r = out.one(stage(), rec(0, "a", 3.0, "b", 6.0)); // normalised 1, 1
        assertThat(r.value("anomaly_score").doubleValue()).isCloseTo(0.4, within(1e-6));
        assertThat(r.value("anomaly_predicted")).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(r.value("prediction")).isEqualTo(TypedValue.ofString("normal"));
    }

    @Test
    void rawValuesWithoutNormalisationConfiguredFieldsAndOtherOutputNames() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage("normalize", false, "features", List.of("x", "y"), "scoreField", "p",
                "labelField", "", "predictionField", "", "versionField", "", "outputPrefix", "out_");
        Record r = out.one(s, rec(0, "x", 1.0, "y", 1.5f));
        assertThat(lastInput(engine, "input")).containsExactly(1f, 1.5f);
        assertThat(names(r)).containsExactly("x", "y", "p", "out_probabilities_0", "out_probabilities_1");
        assertThat(r.value("p").doubleValue()).isCloseTo(0.5, within(1e-6));
        assertThat(r.value("out_probabilities_0").type()).isEqualTo(DataType.DOUBLE);
        assertThat(r.value("out_probabilities_0").doubleValue()).isCloseTo(0.5, within(1e-6));
        assertThat(r.value("out_probabilities_1").doubleValue()).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void aDoubleInputAndARankOneInputAreFedAsDeclared() throws Exception {
        engine.activate(FakeEngine.descriptor("vib", "1.0.0", List.of("x:DOUBLE:2"), List.of("score:FLOAT:-1x1"),
                "input.features", "a,b"), FakeEngine.rowFunction("score", x -> new double[] {x[0] * x[1]}));
        Record r = out.one(stage("normalize", false), rec(0, "a", 0.5, "b", 0.25));
        Tensor input = engine.calls().get(0).get("x");
        assertThat(input.type()).isEqualTo(ElementType.DOUBLE);
        assertThat(input.shape()).containsExactly(2);
        assertThat(input.toDoubleArray()).containsExactly(0.5, 0.25);
        // defaults: score is output 0 column 0, threshold 0.5, no labels -> no prediction field
        assertThat(r.value("anomaly_score").doubleValue()).isEqualTo(0.125);
        assertThat(r.value("anomaly_predicted")).isEqualTo(TypedValue.ofBoolean(false));
        assertThat(r.value("prediction")).isNull();
    }

    @Test
    void aSingleScoreColumnWithTwoLabelsPredictsByTheThreshold() throws Exception {
        engine.activate(FakeEngine.descriptor("vib", "1.0.0", List.of("input:FLOAT:-1x1"), List.of("s:FLOAT:-1x1"),
                "input.features", "a", "output.labels", "ok,bad", "output.threshold", "0.7"),
                FakeEngine.rowFunction("s", x -> new double[] {x[0]}));
        InferenceStage s = stage("normalize", false);
        assertThat(out.one(s, rec(0, "a", 0.75)).value("prediction")).isEqualTo(TypedValue.ofString("bad"));
        assertThat(out.one(s, rec(1, "a", 0.5)).value("prediction")).isEqualTo(TypedValue.ofString("ok"));
    }

    @Test
    void skipPassesARecordWithAMissingOrUnusableFeatureUnchangedAndCountsIt() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage();
        Record absent = rec(0, "a", 1.0);
        Record text = rec(1, "a", 1.0, "b", "high");
        Record nan = rec(2, "a", Double.NaN, "b", 1.0);
        Record infinite = rec(3, "a", 1.0, "b", Double.POSITIVE_INFINITY);
        for (Record r : List.of(absent, text, nan, infinite)) {
            assertThat(out.one(s, r)).isSameAs(r);
        }
        assertThat(engine.calls()).isEmpty();
        nanos.addAndGet(2_000_000_000L);
        out.one(s, rec(4, "a", 1.0, "b", 2.0));
        assertThat(s.status().skippedRecords()).isEqualTo(4);
    }

    @Test
    void deadLetterFailsTheRecordNamingTheFeature() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage("missing", "dead-letter");
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessage("inference stage 's1' of pipeline 'p': feature 'b' is missing");
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", "x"), out))
                .hasMessage("inference stage 's1' of pipeline 'p': feature 'b' is STRING, expected a number");
        assertThatThrownBy(() -> s.process(rec(0, "a", Double.NaN, "b", 1.0), out))
                .hasMessage("inference stage 's1' of pipeline 'p': feature 'a' is NaN");
        assertThat(out.records).isEmpty();
        assertThat(engine.calls()).isEmpty();
    }

    @Test
    void aNewModelVersionIsPickedUpAtTheNextRecordWithItsOwnMapping() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage();
        Record first = out.one(s, rec(0, "a", 5.0, "b", 10.0));
        assertThat(first.value("model_version")).isEqualTo(TypedValue.ofString("vib@1.0.0"));
        // version 2 is trained on other data: mean 0, scale 1
        ModelDescriptor v2 = FakeEngine.descriptor("vib", "2.0.0", List.of("input:FLOAT:-1x2"),
                List.of("probabilities:FLOAT:-1x2"), "input.name", "input", "input.features", "a,b", "input.mean",
                "0,0", "input.scale", "1,1", "output.score", "probabilities", "output.score.index", "1",
                "output.labels", "normal,anomaly", "output.threshold", "0.9");
        engine.activate(v2, sumOverFive());
        Record second = out.one(s, rec(100, "a", 0.5, "b", 1.0));
        assertThat(second.value("model_version")).isEqualTo(TypedValue.ofString("vib@2.0.0"));
        // computed with version 2's mapping (raw values) and threshold
        assertThat(lastInput(engine, "input")).containsExactly(0.5f, 1f);
        assertThat(second.value("anomaly_score").doubleValue()).isCloseTo(0.3, within(1e-6));
        assertThat(second.value("anomaly_predicted")).isEqualTo(TypedValue.ofBoolean(false));
        // the first record after the swap ran twice: once with version 1's mapping, answered by version 2
        assertThat(engine.calls()).hasSize(3);
        out.one(s, rec(200, "a", 0.5, "b", 1.0));
        assertThat(engine.calls()).hasSize(4);
        assertThat(s.status().modelVersion()).isEqualTo("2.0.0");
    }

    @Test
    void aVersionWithAnotherInputShapeIsBoundWhenTheOldMappingIsRefused() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage("normalize", false);
        out.one(s, rec(0, "a", 1.0, "b", 1.0, "c", 2.0));
        engine.activate(FakeEngine.descriptor("vib", "1.1.0", List.of("input:FLOAT:-1x3"),
                List.of("score:FLOAT:-1x1"), "input.features", "a,b,c"),
                FakeEngine.rowFunction("score", x -> new double[] {(x[0] + x[1] + x[2]) / 10}));
        Record r = out.one(s, rec(100, "a", 1.0, "b", 1.0, "c", 2.0));
        assertThat(r.value("model_version")).isEqualTo(TypedValue.ofString("vib@1.1.0"));
        assertThat(r.value("anomaly_score").doubleValue()).isCloseTo(0.4, within(1e-6));
        assertThat(lastInput(engine, "input")).containsExactly(1f, 1f, 2f);
    }

    @Test
    void aSwapDuringTheCallIsDetectedFromTheResult() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage();
        out.one(s, rec(0, "a", 5.0, "b", 10.0));
        ModelDescriptor v2 = FakeEngine.descriptor("vib", "2.0.0", List.of("input:FLOAT:-1x2"),
                List.of("probabilities:FLOAT:-1x2"), "input.features", "a,b", "input.mean", "0,0", "input.scale",
                "1,1", "output.score.index", "1");
        engine.beforeRun(() -> engine.activate(v2, sumOverFive()));
        Record r = out.one(s, rec(100, "a", 0.5, "b", 1.0));
        assertThat(r.value("model_version")).isEqualTo(TypedValue.ofString("vib@2.0.0"));
        assertThat(lastInput(engine, "input")).containsExactly(0.5f, 1f);
    }

    @Test
    void aModelThatIsNotLoadedFailsTheRecordUntilItIs() throws Exception {
        InferenceStage s = stage();
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessage("inference stage 's1' of pipeline 'p': model 'vib' is not loaded");
        engine.activate(v1(), sumOverFive());
        assertThat(out.one(s, rec(1, "a", 1.0, "b", 2.0)).value("anomaly_score")).isNotNull();
        engine.unload("vib");
        assertThatThrownBy(() -> s.process(rec(2, "a", 1.0, "b", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessage("inference stage 's1' of pipeline 'p': model 'vib' version 1.0.0: model vib is not loaded")
                .hasCauseInstanceOf(InferenceException.class);
    }

    @Test
    void inferenceAndRuntimeFailuresBecomeStageExceptionsNamingStageModelAndCause() throws Exception {
        engine.activate(v1(), inputs -> {
            throw new InferenceException("runtime failed: out of memory");
        });
        InferenceStage s = stage();
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessage("inference stage 's1' of pipeline 'p': model 'vib' version 1.0.0: runtime failed: out of"
                        + " memory");
        engine.activate(v1(), inputs -> {
            throw new IllegalStateException("bug in the engine");
        });
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("inference stage 's1' of pipeline 'p': model 'vib': ")
                .hasMessageContaining("bug in the engine").hasCauseInstanceOf(IllegalStateException.class);
        engine.activate(v1(), inputs -> Map.of("other", Tensor.ofFloats(new long[] {1}, new float[] {1})));
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessage("inference stage 's1' of pipeline 'p': model vib@1.0.0 returned no output 'probabilities'");
        engine.activate(v1(), inputs -> Map.of("probabilities", Tensor.ofStrings(new long[] {1, 2},
                new String[] {"a", "b"})));
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", 1.0), out))
                .hasMessage("inference stage 's1' of pipeline 'p': model vib@1.0.0: output 'probabilities' is STRING,"
                        + " expected numbers");
        assertThat(out.records).isEmpty();
    }

    @Test
    void metadataThatDoesNotFitTheConfigurationFailsEachRecordNamingTheKey() throws Exception {
        engine.activate(FakeEngine.descriptor("vib", "3.0.0", List.of("input:FLOAT:-1x2"), List.of("s:FLOAT:-1x1")),
                FakeEngine.rowFunction("s", x -> new double[] {0}));
        assertThatThrownBy(() -> stage().process(rec(0, "a", 1.0), out))
                .hasMessage("inference stage 's1' of pipeline 'p': model 'vib' version 3.0.0 has no 'input.features'"
                        + " metadata and the stage configures no 'features'");
        assertThatThrownBy(() -> stage("features", List.of("a", "b")).process(rec(0, "a", 1.0, "b", 2.0), out))
                .hasMessage("inference stage 's1' of pipeline 'p': model 'vib' version 3.0.0 has no 'input.mean'"
                        + " metadata (set 'normalize' to false to feed raw values)");
        assertThatThrownBy(() -> stage("features", List.of("a", "b", "c"), "normalize", false)
                .process(rec(0, "a", 1.0, "b", 2.0, "c", 3.0), out))
                .hasMessageContaining("input 'input' is input:FLOAT[-1, 2], which does not take 3 features a,b,c");
    }

    @Test
    void theStatusShowsTheBoundVersionAndNoDriftWhenDetectionIsOff() throws Exception {
        engine.activate(v1(), sumOverFive());
        InferenceStage s = stage("driftStatistic", "none");
        DriftStatus before = s.status();
        assertThat(before.modelVersion()).isEmpty();
        assertThat(before.timestamp()).isEqualTo(-1);
        out.one(s, rec(42, "a", 1.0, "b", 2.0));
        DriftStatus after = s.status();
        assertThat(after.modelVersion()).isEqualTo("1.0.0");
        assertThat(after.statistic()).isEqualTo("none");
        assertThat(after.statistics()).isEmpty();
        assertThat(after.timestamp()).isEqualTo(42);
        assertThat(s.tracker()).isNull();
    }
}
