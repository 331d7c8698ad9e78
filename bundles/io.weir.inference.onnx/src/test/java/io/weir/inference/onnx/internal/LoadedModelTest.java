// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.weir.inference.ElementType;
import io.weir.inference.InferenceException;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;
import io.weir.model.testmodels.BadModels;
import io.weir.model.testmodels.Identity;
import io.weir.model.testmodels.LogisticRegression;
import io.weir.model.testmodels.MixedTypes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadedModelTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static LoadedModel logreg() throws InferenceException {
        return LoadedModel.load(ENV, Models.settings(), Models.logreg("1.0.0"), Models.LOGREG, 7);
    }

    @Test
    void runsABatchAndMatchesTheIndependentComputation() throws Exception {
        LoadedModel m = logreg();
        float[][] x = { { 1, 2, 3 }, { -1, 0.5f, 4 }, { 0, 0, 0 }, { 10, -3, 2 } };
        float[] flat = new float[12];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(x[i], 0, flat, i * 3, 3);
        }
        Map<String, Tensor> out = m.run(Map.of("input", Tensor.ofFloats(new long[] { 4, 3 }, flat)));
        float[][] expected = LogisticRegression.expected(Models.W, Models.B, x);
        Tensor y = out.get("output");
        assertThat(y.shape()).containsExactly(4, 2);
        float[] got = y.toFloatArray();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(got[i * 2 + j]).isCloseTo(expected[i][j], within(1e-6f));
            }
        }
        assertThat(m.metrics().snapshot().calls()).isEqualTo(1);
        assertThat(m.metrics().snapshot().rows()).isEqualTo(4);
        m.retire();
        assertThat(m.isClosed()).isTrue();
    }

    @Test
    void mixedElementTypesAndFixedShapes() throws Exception {
        ModelDescriptor d = Models.descriptor("mixed", "1", List.of(
                new TensorSpec(MixedTypes.A, ElementType.FLOAT, new long[] { -1, 3 }),
                new TensorSpec(MixedTypes.B, ElementType.INT64, new long[] { -1, 1 }),
                new TensorSpec(MixedTypes.C, ElementType.DOUBLE, new long[] { 2, 2 })), List.of(
                new TensorSpec(MixedTypes.A_SUM, ElementType.FLOAT, new long[] { -1, 1 }),
                new TensorSpec(MixedTypes.B_PLUS_ONE, ElementType.INT64, new long[] { -1, 1 }),
                new TensorSpec(MixedTypes.C_TRANSPOSED, ElementType.DOUBLE, new long[] { 2, 2 }),
                new TensorSpec(MixedTypes.A_POSITIVE, ElementType.BOOL, new long[] { -1, 3 })));
        LoadedModel m = LoadedModel.load(ENV, Models.settings(), d, MixedTypes.model(), 1);
        float[][] a = { { 1, -2, 3 }, { -1, -1, 0.5f } };
        long[][] b = { { 41 }, { -7 } };
        double[][] c = { { 1, 2 }, { 3, 4 } };
        Map<String, Tensor> out = m.run(Map.of(
                MixedTypes.A, Tensor.ofFloats(new long[] { 2, 3 }, new float[] { 1, -2, 3, -1, -1, 0.5f }),
                MixedTypes.B, Tensor.ofLongs(new long[] { 2, 1 }, new long[] { 41, -7 }),
                MixedTypes.C, Tensor.ofDoubles(new long[] { 2, 2 }, new double[] { 1, 2, 3, 4 })));
        float[][] sum = MixedTypes.expectedSum(a);
        assertThat(out.get(MixedTypes.A_SUM).toFloatArray()).containsExactly(sum[0][0], sum[1][0]);
        long[][] plus = MixedTypes.expectedPlusOne(b);
        assertThat(out.get(MixedTypes.B_PLUS_ONE).toLongArray()).containsExactly(plus[0][0], plus[1][0]);
        double[][] t = MixedTypes.expectedTransposed(c);
        assertThat(out.get(MixedTypes.C_TRANSPOSED).toDoubleArray()).containsExactly(t[0][0], t[0][1], t[1][0],
                t[1][1]);
        boolean[][] pos = MixedTypes.expectedPositive(a);
        assertThat(out.get(MixedTypes.A_POSITIVE).toBooleanArray()).containsExactly(pos[0][0], pos[0][1], pos[0][2],
                pos[1][0], pos[1][1], pos[1][2]);
        assertThat(out.keySet()).containsExactly(MixedTypes.A_SUM, MixedTypes.B_PLUS_ONE, MixedTypes.C_TRANSPOSED,
                MixedTypes.A_POSITIVE);

        // the fixed [2, 2] input refuses another shape, before any native code runs
        assertThatThrownBy(() -> m.run(Map.of(
                MixedTypes.A, Tensor.ofFloats(new long[] { 1, 3 }, new float[3]),
                MixedTypes.B, Tensor.ofLongs(new long[] { 1, 1 }, new long[1]),
                MixedTypes.C, Tensor.ofDoubles(new long[] { 1, 4 }, new double[4]))))
                .isInstanceOf(InferenceException.class).hasMessageContaining("input c has shape [1, 4]")
                .hasMessageContaining("c:DOUBLE:2x2");
        m.retire();
    }

    @ParameterizedTest
    @EnumSource(ElementType.class)
    void identityRoundTripsEveryElementType(ElementType type) throws Exception {
        long[] shape = { -1, 2 };
        ModelDescriptor d = Models.descriptor("id", "1", List.of(new TensorSpec(Identity.INPUT, type, shape)),
                List.of(new TensorSpec(Identity.OUTPUT, type, shape)));
        LoadedModel m = LoadedModel.load(ENV, Models.settings(), d, Identity.model(type, shape), 1);
        long[] s = { 3, 2 };
        Tensor in = switch (type) {
            case FLOAT -> Tensor.ofFloats(s, new float[] { 1, 2, 3, 4, 5, -6.5f });
            case DOUBLE -> Tensor.ofDoubles(s, new double[] { 1, 2, 3, 4, 5, -6.5 });
            case INT32 -> Tensor.ofInts(s, new int[] { 1, 2, 3, 4, 5, Integer.MIN_VALUE });
            case INT64 -> Tensor.ofLongs(s, new long[] { 1, 2, 3, 4, 5, Long.MAX_VALUE });
            case BOOL -> Tensor.ofBooleans(s, new boolean[] { true, false, false, true, true, true });
            case STRING -> Tensor.ofStrings(s, new String[] { "a", "", "ünï", "d", "e", "f" });
        };
        assertThat(m.run(Map.of(Identity.INPUT, in)).get(Identity.OUTPUT)).isEqualTo(in);
        m.retire();
    }

    @Test
    void invalidInputsGetClearErrorsAndAreCounted() throws Exception {
        LoadedModel m = logreg();
        assertThatThrownBy(() -> m.run(Map.of()))
                .isInstanceOf(InferenceException.class).hasMessage("model m 1.0.0: input input is missing (input:FLOAT:-1x3)");
        assertThatThrownBy(() -> m.run(Map.of("input", Tensor.ofDoubles(new long[] { 1, 3 }, new double[3]))))
                .hasMessageContaining("input input is DOUBLE, the model takes input:FLOAT:-1x3");
        assertThatThrownBy(() -> m.run(Map.of("input", Tensor.ofFloats(new long[] { 1, 4 }, new float[4]))))
                .hasMessageContaining("has shape [1, 4], the model takes input:FLOAT:-1x3");
        assertThatThrownBy(() -> m.run(Map.of("input", Tensor.ofFloats(new long[] { 3 }, new float[3]))))
                .hasMessageContaining("has shape [3]");
        assertThatThrownBy(() -> m.run(Map.of("input", Tensor.ofFloats(new long[] { 1, 3 }, new float[3]), "x",
                Tensor.ofFloats(new long[] { 1 }, new float[1])))).hasMessageContaining("has no input x");
        assertThatThrownBy(() -> m.run(Map.of("input", Tensor.ofFloats(new long[] { 65, 3 }, new float[195]))))
                .hasMessageContaining("65 rows, more than the 64 allowed");
        assertThat(m.metrics().snapshot().errors()).isEqualTo(6);
        // still serving after all that
        assertThat(m.run(Map.of("input", Tensor.ofFloats(new long[] { 1, 3 }, new float[3]))).get("output").shape())
                .containsExactly(1, 2);
        m.retire();
    }

    @Test
    void aFileThatDoesNotMatchItsDeclarationIsRefused() {
        ModelDescriptor wrongWidth = Models.descriptor("m", "2", List.of(
                new TensorSpec("input", ElementType.FLOAT, new long[] { -1, 7 })), List.of(Models.OUT));
        assertThatThrownBy(() -> LoadedModel.load(ENV, Models.settings(), wrongWidth, Models.LOGREG, 1))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("model m 2.0.0 does not match its declared specs")
                .hasMessageContaining("input input is declared input:FLOAT:-1x7 but the file has FLOAT:[-1, 3]");
        ModelDescriptor wrongName = Models.descriptor("m", "2", List.of(Models.IN),
                List.of(new TensorSpec("score", ElementType.FLOAT, new long[] { -1, 2 })));
        assertThatThrownBy(() -> LoadedModel.load(ENV, Models.settings(), wrongName, Models.LOGREG, 1))
                .hasMessageContaining("output score is declared but the file has no such output")
                .hasMessageContaining("the file has output output, which the capability does not declare");
        ModelDescriptor wrongType = Models.descriptor("m", "2", List.of(Models.IN),
                List.of(new TensorSpec("output", ElementType.DOUBLE, new long[] { -1, 2 })));
        assertThatThrownBy(() -> LoadedModel.load(ENV, Models.settings(), wrongType, Models.LOGREG, 1))
                .hasMessageContaining("output output is declared output:DOUBLE:-1x2 but the file has FLOAT");
    }

    @Test
    void corruptFilesAreRefused() {
        assertThatThrownBy(() -> LoadedModel.load(ENV, Models.settings(), Models.logreg("3"), BadModels.garbage(), 1))
                .isInstanceOf(InferenceException.class).hasMessageContaining("model m 3.0.0: ONNX Runtime cannot load");
        assertThatThrownBy(() -> LoadedModel.load(ENV, Models.settings(), Models.logreg("3"),
                BadModels.truncated(Models.LOGREG), 1)).isInstanceOf(InferenceException.class);
        SessionSettings small = new SessionSettings(1, 1, OptLevel.ALL_OPT, SessionSettings.Arena.OFF, 0, 10, 64);
        assertThatThrownBy(() -> LoadedModel.load(ENV, small, Models.logreg("3"), Models.LOGREG, 1))
                .hasMessageContaining("more than the 10 allowed (maxModelBytes)");
    }

    @Test
    void aRetiredVersionFinishesItsCallsInFlightAndTakesNoNewOnes() throws Exception {
        LoadedModel m = logreg();
        assertThat(m.tryAcquire()).isTrue(); // a call in flight
        m.retire();
        assertThat(m.isClosed()).isFalse();
        assertThat(m.infer(Map.of("input", Tensor.ofFloats(new long[] { 1, 3 }, new float[3])), true)).isNotEmpty();
        m.release();
        assertThat(m.isClosed()).isTrue();
        assertThat(m.tryAcquire()).isFalse();
        assertThatThrownBy(() -> m.run(Map.of("input", Tensor.ofFloats(new long[] { 1, 3 }, new float[3]))))
                .hasMessageContaining("has been unloaded");
        m.retire(); // idempotent
    }

    @ParameterizedTest
    @EnumSource(SessionSettings.Arena.class)
    void everyArenaPolicyAndOptimisationLevelRuns(SessionSettings.Arena arena) throws Exception {
        for (OptLevel level : new OptLevel[] { OptLevel.NO_OPT, OptLevel.ALL_OPT }) {
            SessionSettings s = new SessionSettings(2, 1, level, arena, 1, 1 << 20, 64);
            LoadedModel m = LoadedModel.load(ENV, s, Models.logreg("1"), Models.LOGREG, 1);
            float[] y = m.run(Map.of("input", Tensor.ofFloats(new long[] { 1, 3 }, new float[] { 1, 2, 3 })))
                    .get("output").toFloatArray();
            float[][] e = LogisticRegression.expected(Models.W, Models.B, new float[][] { { 1, 2, 3 } });
            assertThat(y[0]).isCloseTo(e[0][0], within(1e-6f));
            m.retire();
        }
    }
}
