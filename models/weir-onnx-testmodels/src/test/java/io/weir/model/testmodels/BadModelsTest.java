// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;

class BadModelsTest {

    @Test
    void garbageDoesNotLoad() {
        assertThat(BadModels.garbage()).hasSize(256).isEqualTo(BadModels.garbage());
        assertThatThrownBy(() -> Ort.open(BadModels.garbage()).close()).isInstanceOf(OrtException.class);
    }

    @Test
    void truncatedModelDoesNotLoad() {
        byte[] model = MixedTypes.model();
        byte[] cut = BadModels.truncated(model);
        assertThat(cut).hasSize(model.length / 2);
        assertThatThrownBy(() -> Ort.open(cut).close()).isInstanceOf(OrtException.class);
    }

    @Test
    void sequenceOutputLoadsAndIsNotATensor() throws Exception {
        try (OrtSession s = Ort.open(BadModels.sequenceOutput())) {
            assertThat(s.getOutputInfo().get("output").getInfo()).isInstanceOf(SequenceInfo.class);
        }
    }
}
