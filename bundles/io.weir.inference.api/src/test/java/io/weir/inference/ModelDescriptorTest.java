// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class ModelDescriptorTest {

    private static final TensorSpec FEATURES = new TensorSpec("features", ElementType.FLOAT, new long[] {-1, 16});
    private static final TensorSpec SCORE = new TensorSpec("score", ElementType.FLOAT, new long[] {-1, 1});

    @Test
    void tensorSpecValidatesAndCopiesItsShape() {
        assertThatThrownBy(() -> new TensorSpec("x", ElementType.FLOAT, new long[] {-2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThatThrownBy(() -> new TensorSpec("", ElementType.FLOAT, new long[0]))
                .isInstanceOf(IllegalArgumentException.class);

        long[] shape = {TensorSpec.DYNAMIC, 16};
        TensorSpec spec = new TensorSpec("features", ElementType.FLOAT, shape);
        shape[1] = 3;
        spec.shape()[1] = 4;
        assertThat(spec.shape()).containsExactly(-1, 16);
        assertThat(spec.rank()).isEqualTo(2);
        assertThat(spec).isEqualTo(FEATURES).hasSameHashCodeAs(FEATURES);
        assertThat(spec).isNotEqualTo(new TensorSpec("features", ElementType.DOUBLE, new long[] {-1, 16}));
        assertThat(spec.toString()).isEqualTo("features:FLOAT[-1, 16]");
    }

    @Test
    void descriptorNeedsUniqueTensorNamesAndAnOutput() {
        Version v = new Version(1, 2, 0);
        assertThatThrownBy(() -> new ModelDescriptor("m", v, "onnx", List.of(FEATURES, FEATURES), List.of(SCORE),
                Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
        assertThatThrownBy(() -> new ModelDescriptor("m", v, "onnx", List.of(FEATURES), List.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelDescriptor("m", v, "", List.of(FEATURES), List.of(SCORE), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptorCopiesAndFindsSpecs() {
        Map<String, String> metadata = new HashMap<>(Map.of("fingerprint", "sha256:ab12"));
        ModelDescriptor d = new ModelDescriptor("vibration-anomaly", new Version("1.2.0"),
                ModelCapability.FORMAT_ONNX, List.of(FEATURES), List.of(SCORE), metadata);
        metadata.put("extra", "x");
        assertThat(d.metadata()).containsOnlyKeys("fingerprint");
        assertThat(d.input("features")).isEqualTo(FEATURES);
        assertThat(d.output("score")).isEqualTo(SCORE);
        assertThat(d.input("score")).isNull();
    }

    @Test
    void resultKeepsOutputOrderAndIsUnmodifiable() {
        ModelDescriptor d = new ModelDescriptor("m", Version.emptyVersion, "onnx", List.of(FEATURES),
                List.of(SCORE), Map.of());
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        outputs.put("score", Tensor.ofFloats(new long[] {1, 1}, new float[] {0.7f}));
        outputs.put("label", Tensor.ofLongs(new long[] {1}, new long[] {1}));
        InferenceResult r = new InferenceResult(d, outputs);
        outputs.clear();
        assertThat(r.outputs().keySet()).containsExactly("score", "label");
        assertThatThrownBy(() -> r.outputs().remove("score")).isInstanceOf(UnsupportedOperationException.class);
    }
}
