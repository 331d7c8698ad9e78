// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.List;
import java.util.Map;

import io.weir.inference.ElementType;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.TensorSpec;
import io.weir.model.testmodels.LogisticRegression;

import org.osgi.framework.Version;

/** Test fixtures: real ONNX models and their descriptors. */
final class Models {

    static final float[][] W = { { 1f, -1f }, { 0.5f, 0.25f }, { -2f, 1f } };
    static final float[] B = { 0.1f, -0.2f };
    static final byte[] LOGREG = LogisticRegression.model(W, B);

    static final TensorSpec IN = new TensorSpec("input", ElementType.FLOAT, new long[] { -1, 3 });
    static final TensorSpec OUT = new TensorSpec("output", ElementType.FLOAT, new long[] { -1, 2 });

    private Models() {
    }

    static ModelDescriptor logreg(String version) {
        return descriptor("m", version, List.of(IN), List.of(OUT));
    }

    static ModelDescriptor descriptor(String name, String version, List<TensorSpec> in, List<TensorSpec> out) {
        return new ModelDescriptor(name, Version.parseVersion(version), "onnx", in, out, Map.of("k", "v"));
    }

    static SessionSettings settings() {
        return new SessionSettings(1, 1, ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT,
                SessionSettings.Arena.OFF, 2, 1 << 20, 64);
    }
}
