// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static io.weir.model.training.AnomalyModelTrainerTest.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.weir.inference.ModelMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exported model in ONNX Runtime, fed the way the gateway will feed it: record fields in {@code input.features}
 * order, standardised with {@code input.mean} and {@code input.scale}, as FLOAT.
 */
class OnnxRuntimeTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @Test
    void theGraphHasTheDeclaredInputAndOutput() throws OrtException {
        TrainedModel model = Models.small().model();
        Map<String, String> m = model.metadata();
        try (OrtSession session = session(model)) {
            assertThat(session.getInputNames()).containsExactly(m.get(ModelMetadata.INPUT_NAME));
            TensorInfo in = (TensorInfo) session.getInputInfo().get("input").getInfo();
            assertThat(in.type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(in.getShape()).containsExactly(-1, 6);

            assertThat(session.getOutputNames()).containsExactly(m.get(ModelMetadata.OUTPUT_SCORE));
            NodeInfo outInfo = session.getOutputInfo().get("output");
            TensorInfo out = (TensorInfo) outInfo.getInfo();
            assertThat(out.type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(out.getShape()).containsExactly(-1, 2);
        }
    }

    @Test
    void theOnnxMetadataIsTheModelsMetadataWithoutTribuoProvenance() throws Exception {
        TrainedModel model = Models.small().model();
        try (OrtSession session = session(model)) {
            assertThat(session.getMetadata().getCustomMetadata()).isEqualTo(model.metadata());
            assertThat(session.getMetadata().getProducerName()).isEqualTo("weir-model-training");
            assertThat(session.getMetadata().getDomain()).isEqualTo("io.weir.model");
            assertThat(session.getMetadata().getVersion()).isEqualTo(1);
        }
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(model.onnx());
        assertThat(proto.getProducerVersion()).isEqualTo("tribuo-4.3.2");
        assertThat(proto.getMetadataPropsList()).extracting(OnnxMl.StringStringEntryProto::getKey)
                .doesNotContain("TRIBUO_PROVENANCE").isSorted();
        assertThat(proto.getDocString()).startsWith("Weir anomaly model: factorization machine over standardised "
                + "vibration_mean, ").doesNotContain("creation-time").doesNotContain("host");
    }

    @Test
    void onnxRuntimeGivesTribuosProbabilitiesOnHeldOutWindows() throws OrtException {
        for (Models.Trained t : List.of(Models.defaults(), logistic())) {
            TrainedModel model = t.model();
            List<double[]> windows = new ArrayList<>();
            t.heldOut().examples().forEach(e -> windows.add(e.features()));

            float[][] onnx = run(model, windows);

            assertThat(onnx.length).isEqualTo(windows.size());
            for (int i = 0; i < windows.size(); i++) {
                double[] tribuo = model.classProbabilities(windows.get(i));
                for (int c = 0; c < 2; c++) {
                    assertThat((double) onnx[i][c]).as("window %d, column %d", i, c).isCloseTo(tribuo[c],
                            within(1e-5));
                }
            }
        }
    }

    @Test
    void theColumnOrderOfInputAndOutputIsTheDeclaredOne() throws OrtException {
        Models.Trained t = Models.defaults();
        TrainedModel model = t.model();
        int anomalyColumn = Integer.parseInt(model.metadata().get(ModelMetadata.OUTPUT_SCORE_INDEX));
        // one window in the declared feature order: the anomaly column is the anomaly probability, the other the
        // normal probability, for a window that is an anomaly and one that is not
        LabelledExample anomaly = t.heldOut().examples().stream().filter(LabelledExample::anomaly)
                .filter(e -> model.anomalyScore(e.features()) > 0.99).findFirst().orElseThrow();
        LabelledExample normal = t.heldOut().examples().stream().filter(e -> !e.anomaly()).findFirst().orElseThrow();

        float[][] out = run(model, List.of(anomaly.features(), normal.features()));

        assertThat((double) out[0][anomalyColumn]).isGreaterThan(0.99).isCloseTo(model.anomalyScore(anomaly
                .features()), within(1e-5));
        assertThat((double) out[1][anomalyColumn]).isLessThan(0.5).isCloseTo(model.anomalyScore(normal.features()),
                within(1e-5));
        assertThat((double) out[1][1 - anomalyColumn]).isGreaterThan(0.5);
        // the check is sensitive to the order: the normal window with two features swapped scores differently (a
        // clear anomaly's score is saturated at 1 whatever the order)
        double[] swapped = normal.features();
        double mean = swapped[0];
        swapped[0] = swapped[5];
        swapped[5] = mean;
        assertThat((double) run(model, List.of(swapped))[0][anomalyColumn]).isNotCloseTo(out[1][anomalyColumn],
                within(1e-3));
    }

    @Test
    void twelveFeaturesKeepTheirOrder() throws OrtException {
        // with ten or more features Tribuo's name order differs from the numeric order unless names are padded
        Random r = new Random(5);
        List<String> names = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            names.add("f" + f);
        }
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            double[] x = new double[12];
            for (int f = 0; f < 12; f++) {
                x[f] = r.nextGaussian() * (f + 1) + f;
            }
            examples.add(new LabelledExample(x, x[11] > 16 || x[2] < 0));
        }
        LabelledData data = LabelledData.of(names, examples);
        TrainedModel model = new AnomalyModelTrainer(TrainerOptions.defaults()).train(data, data);
        List<double[]> windows = examples.subList(0, 200).stream().map(LabelledExample::features).toList();

        float[][] onnx = run(model, windows);

        assertThat(model.evaluation().accuracy()).isGreaterThan(0.8);
        for (int i = 0; i < windows.size(); i++) {
            assertThat((double) onnx[i][0]).isCloseTo(model.classProbabilities(windows.get(i))[0], within(1e-5));
        }
    }

    private static Models.Trained logistic() {
        Models.Trained t = Models.defaults();
        return new Models.Trained(new AnomalyModelTrainer(TrainerOptions.defaults().withAlgorithm(
                Algorithm.LOGISTIC_REGRESSION)).train(t.training(), t.heldOut()), t.training(), t.heldOut());
    }

    private static OrtSession session(TrainedModel model) throws OrtException {
        return ENV.createSession(model.onnx(), new OrtSession.SessionOptions());
    }

    /** Standardises raw windows with the metadata, as the gateway will, and runs the model. */
    private static float[][] run(TrainedModel model, List<double[]> windows) throws OrtException {
        Map<String, String> m = model.metadata();
        double[] mean = doubles(m.get(ModelMetadata.INPUT_MEAN));
        double[] scale = doubles(m.get(ModelMetadata.INPUT_SCALE));
        float[][] input = new float[windows.size()][];
        for (int i = 0; i < input.length; i++) {
            double[] x = windows.get(i);
            input[i] = new float[x.length];
            for (int f = 0; f < x.length; f++) {
                input[i][f] = (float) ((x[f] - mean[f]) / scale[f]);
            }
        }
        try (OrtSession session = session(model);
                OnnxTensor tensor = OnnxTensor.createTensor(ENV, input);
                OrtSession.Result result = session.run(Map.of(m.get(ModelMetadata.INPUT_NAME), tensor))) {
            return (float[][]) result.get(m.get(ModelMetadata.OUTPUT_SCORE)).orElseThrow().getValue();
        }
    }
}
