// SPDX-License-Identifier: Apache-2.0
package io.weir.model.vibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetadata;
import io.weir.inference.TensorSpec;
import io.weir.model.builder.ModelBundleInfo;
import io.weir.model.builder.ModelBundles;

/** The packaged main artifact: the bundle the gateway gets, and the model in it runs. */
class VibrationModelBundleIT {

    private static final Path JAR = Path.of(System.getProperty("weir.model.jar", "missing"));

    @Test
    void isTheVibrationAnomalyModelBundle() throws Exception {
        ModelBundleInfo info = ModelBundles.inspect(JAR);

        assertThat(info.symbolicName()).isEqualTo("io.weir.model.vibration-anomaly");
        ModelDescriptor d = info.descriptor();
        assertThat(d.name()).isEqualTo("vibration-anomaly");
        assertThat(d.version()).hasToString("1.0.0");
        assertThat(d.inputs()).extracting(TensorSpec::format).containsExactly("input:FLOAT:-1x6");
        assertThat(d.outputs()).extracting(TensorSpec::format).containsExactly("output:FLOAT:-1x2");
        assertThat(d.metadata()).containsEntry(ModelMetadata.INPUT_NAME, "input")
                .containsEntry(ModelMetadata.OUTPUT_SCORE, "output").containsEntry(ModelMetadata.TRAINING_SEED, "1")
                .containsKeys(ModelMetadata.INPUT_FEATURES, ModelMetadata.INPUT_MEAN, ModelMetadata.INPUT_SCALE,
                        ModelMetadata.OUTPUT_SCORE_INDEX, ModelMetadata.OUTPUT_LABELS,
                        ModelMetadata.referenceEdges(ModelMetadata.REFERENCE_SCORE));
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Manifest mf = jar.getManifest();
            assertThat(mf.getMainAttributes().getValue("Bundle-Version")).isEqualTo("1.0.0");
            assertThat(mf.getMainAttributes().getValue("Git-SHA")).as("root bundle defaults stay out").isNull();
        }
    }

    @Test
    void itsModelRunsInOnnxRuntime() throws Exception {
        byte[] onnx;
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            onnx = zip.getInputStream(zip.getEntry("model/vibration-anomaly.onnx")).readAllBytes();
        }
        // standardised features: the training mean, and two windows away from it
        float[][] rows = {new float[6], filled(1.5f), filled(-2f)};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, rows);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][] out = (float[][]) result.get("output").orElseThrow().getValue();
            assertThat(out).hasNumberOfRows(3);
            for (float[] p : out) {
                assertThat(p).hasSize(2);
                assertThat(p[0] + p[1]).isCloseTo(1f, within(1e-5f));
                assertThat(List.of(p[0], p[1])).allSatisfy(v -> assertThat(v).isBetween(0f, 1f));
            }
        }
        assertThat(Files.size(JAR)).isPositive();
    }

    private static float[] filled(float v) {
        float[] row = new float[6];
        Arrays.fill(row, v);
        return row;
    }
}
