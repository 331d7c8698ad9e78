// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.weir.inference.ModelMetadata;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyModelTrainerTest {

    private static final List<String> NAMES = WindowFeatures.names("vibration");

    @Test
    void theMetadataFollowsTheContract() {
        Models.Trained t = Models.small();
        Map<String, String> m = t.model().metadata();

        assertThat(m.get(ModelMetadata.INPUT_NAME)).isEqualTo("input");
        assertThat(m.get(ModelMetadata.INPUT_FEATURES)).isEqualTo("vibration_mean,vibration_min,vibration_max,"
                + "vibration_std,vibration_rms,vibration_p2p");
        assertThat(m.get(ModelMetadata.OUTPUT_SCORE)).isEqualTo("output");
        List<String> labels = List.of(m.get(ModelMetadata.OUTPUT_LABELS).split(","));
        assertThat(labels).containsExactlyInAnyOrder("ANOMALY", "NORMAL");
        assertThat(labels.get(Integer.parseInt(m.get(ModelMetadata.OUTPUT_SCORE_INDEX)))).isEqualTo("ANOMALY");
        assertThat(m.get(ModelMetadata.OUTPUT_THRESHOLD)).isEqualTo("0.5");
        assertThat(m.get(ModelMetadata.TRAINING_FINGERPRINT)).isEqualTo(t.training().fingerprint());
        assertThat(m.get(ModelMetadata.TRAINING_SEED)).isEqualTo("1");
        assertThat(m.get(ModelMetadata.TRAINING_SAMPLES)).isEqualTo("3600");
        assertThat(m.get(ModelMetadata.TRAINING_ALGORITHM)).startsWith("Tribuo 4.3.2 FMClassificationTrainer: "
                + "LogMulticlass loss, AdaGrad(learningRate=0.1, epsilon=0.1), 10 epochs, minibatch 1, 4 factors");
        assertThat(m.get(AnomalyModelTrainer.TRAINING_POSITIVES)).isEqualTo(Integer.toString(t.training()
                .positives()));
        assertThat(m.get(AnomalyModelTrainer.TRAINING_SCENARIO)).isEqualTo(t.training().description());
        assertThat(m.get(AnomalyModelTrainer.EVAL_SCENARIO)).isEqualTo(t.heldOut().description());
        Evaluation e = t.model().evaluation();
        assertThat(m).containsEntry(ModelMetadata.EVAL_PRECISION, Double.toString(e.precision()))
                .containsEntry(ModelMetadata.EVAL_RECALL, Double.toString(e.recall()))
                .containsEntry(ModelMetadata.EVAL_F1, Double.toString(e.f1()))
                .containsEntry(ModelMetadata.EVAL_ACCURACY, Double.toString(e.accuracy()))
                .containsEntry(ModelMetadata.EVAL_SAMPLES, "1800")
                .containsEntry(AnomalyModelTrainer.EVAL_POSITIVES, Integer.toString(t.heldOut().positives()));
        assertThat(e.samples()).isEqualTo(1800);
        assertThat(List.copyOf(m.keySet())).isSorted();
    }

    @Test
    void meanAndScaleAreTheTrainingDataStatistics() {
        Models.Trained t = Models.small();
        double[] mean = doubles(t.model().metadata().get(ModelMetadata.INPUT_MEAN));
        double[] scale = doubles(t.model().metadata().get(ModelMetadata.INPUT_SCALE));

        assertThat(mean).hasSize(6);
        assertThat(scale).hasSize(6);
        for (int f = 0; f < 6; f++) {
            int feature = f;
            double[] column = t.training().examples().stream().mapToDouble(e -> e.feature(feature)).toArray();
            double mu = Arrays.stream(column).average().orElseThrow();
            double var = Arrays.stream(column).map(x -> (x - mu) * (x - mu)).sum() / column.length;
            assertThat(mean[f]).isCloseTo(mu, within(1e-12));
            assertThat(scale[f]).isCloseTo(Math.sqrt(var), within(1e-12));
        }
    }

    @Test
    void driftReferencesForEveryFeatureAndTheScore() {
        Map<String, String> m = Models.small().model().metadata();

        for (String f : List.of("vibration_mean", "vibration_min", "vibration_max", "vibration_std", "vibration_rms",
                "vibration_p2p", ModelMetadata.REFERENCE_SCORE)) {
            double[] edges = doubles(m.get(ModelMetadata.referenceEdges(f)));
            double[] fractions = doubles(m.get(ModelMetadata.referenceFractions(f)));
            assertThat(edges.length).as(f).isBetween(1, 9);
            for (int i = 1; i < edges.length; i++) {
                assertThat(edges[i]).as(f).isGreaterThan(edges[i - 1]);
            }
            assertThat(fractions).as(f).hasSize(edges.length + 1);
            if (!f.equals(ModelMetadata.REFERENCE_SCORE)) {
                assertThat(edges).as(f).hasSize(9);
            }
            assertThat(Arrays.stream(fractions).sum()).as(f).isCloseTo(1.0, within(1e-9));
        }
        // a continuous feature splits into tenths
        assertThat(m.get(ModelMetadata.referenceFractions("vibration_mean")))
                .isEqualTo("0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1");
    }

    @Test
    void theSameSeedAndDataGiveTheSameBytes(@TempDir Path dir) throws IOException {
        TrainedModel a = Models.small().model();
        TrainedModel b = Models.Trained.of(Models.SMALL).model();

        assertThat(b.onnx()).isEqualTo(a.onnx());
        assertThat(b.metadata()).isEqualTo(a.metadata());
        Path fileA = a.writeTo(dir.resolve("a"), "m");
        Path fileB = b.writeTo(dir.resolve("b"), "m");
        assertThat(Files.readAllBytes(fileB)).isEqualTo(Files.readAllBytes(fileA));
        assertThat(Files.readAllBytes(dir.resolve("b/metadata.properties")))
                .isEqualTo(Files.readAllBytes(dir.resolve("a/metadata.properties")));
    }

    @Test
    void anotherSeedGivesAnotherModel() {
        Models.Trained base = Models.small();
        TrainedModel otherData = Models.Trained.of(Models.SMALL.withSeed(2)).model();
        TrainedModel otherTrainer = new AnomalyModelTrainer(Models.SMALL.options().withSeed(2)).train(base.training(),
                base.heldOut());

        assertThat(otherData.onnx()).isNotEqualTo(base.model().onnx());
        assertThat(otherData.metadata().get(ModelMetadata.TRAINING_FINGERPRINT))
                .isNotEqualTo(base.model().metadata().get(ModelMetadata.TRAINING_FINGERPRINT));
        assertThat(otherTrainer.onnx()).isNotEqualTo(base.model().onnx());
        assertThat(otherTrainer.metadata().get(ModelMetadata.TRAINING_FINGERPRINT))
                .isEqualTo(base.model().metadata().get(ModelMetadata.TRAINING_FINGERPRINT));
        assertThat(otherTrainer.metadata().get(ModelMetadata.TRAINING_SEED)).isEqualTo("2");
    }

    @Test
    void writesTheModelAndASortedMetadataFileWithoutTimestamp(@TempDir Path dir) throws IOException {
        TrainedModel model = Models.small().model();

        Path onnx = model.writeTo(dir.resolve("out"), "vibration-anomaly");

        assertThat(onnx).isEqualTo(dir.resolve("out/vibration-anomaly.onnx"));
        assertThat(Files.readAllBytes(onnx)).isEqualTo(model.onnx());
        Path metadataFile = dir.resolve("out").resolve(TrainedModel.METADATA_FILE);
        List<String> lines = Files.readAllLines(metadataFile, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("# Weir model metadata (io.weir.inference.ModelMetadata) of "
                + "vibration-anomaly.onnx");
        assertThat(lines.subList(1, lines.size())).allMatch(l -> !l.startsWith("#"))
                .extracting(l -> l.substring(0, l.indexOf('='))).isSorted();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(metadataFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        assertThat(new HashMap<>(p)).isEqualTo(model.metadata());
    }

    @Test
    void progressReportsEveryEpoch() {
        List<String> messages = new ArrayList<>();
        Models.Trained t = Models.small();

        new AnomalyModelTrainer(TrainerOptions.defaults().withEpochs(3)).train(t.training(), t.heldOut(),
                messages::add);

        assertThat(messages).filteredOn(s -> s.startsWith("epoch ")).hasSize(3)
                .allMatch(s -> s.matches("epoch [123]/3: log loss \\d+\\.\\d{6}"));
        assertThat(messages.get(0)).startsWith("training factorization machine on 3600 examples");
        assertThat(messages).contains("exporting ONNX");
    }

    @Test
    void logisticRegressionIsAvailable() {
        Models.Trained t = Models.small();

        TrainedModel lr = new AnomalyModelTrainer(TrainerOptions.defaults().withAlgorithm(
                Algorithm.LOGISTIC_REGRESSION)).train(t.training(), t.heldOut());

        assertThat(lr.metadata().get(ModelMetadata.TRAINING_ALGORITHM)).startsWith("Tribuo 4.3.2 LinearSGDTrainer "
                + "(logistic regression): LogMulticlass loss");
        assertThat(lr.evaluation().precision()).isGreaterThan(0.9);
    }

    @Test
    void aConstantFeatureGetsScaleOneAndKeepsItsColumn() {
        Random r = new Random(3);
        List<LabelledExample> examples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double x = r.nextGaussian();
            examples.add(new LabelledExample(new double[] {x, 5.0, r.nextGaussian()}, x > 1));
        }
        LabelledData data = LabelledData.of(List.of("a", "constant", "c"), examples);

        TrainedModel model = new AnomalyModelTrainer(TrainerOptions.defaults()).train(data, data);

        assertThat(doubles(model.metadata().get(ModelMetadata.INPUT_MEAN))[1]).isEqualTo(5.0);
        assertThat(doubles(model.metadata().get(ModelMetadata.INPUT_SCALE))[1]).isEqualTo(1.0);
        assertThat(model.metadata()).containsEntry(ModelMetadata.referenceEdges("constant"), "5.0")
                .containsEntry(ModelMetadata.referenceFractions("constant"), "0.0,1.0");
        assertThat(model.evaluation().accuracy()).isGreaterThan(0.95);
        assertThat(model.anomalyScore(new double[] {3, 5, 0})).isGreaterThan(0.9);
        assertThat(model.anomalyScore(new double[] {-1, 5, 0})).isLessThan(0.1);
    }

    @Test
    void emptyDataIsRejected() {
        LabelledData empty = LabelledData.of(NAMES, List.of());
        LabelledData some = Models.small().heldOut();
        AnomalyModelTrainer trainer = new AnomalyModelTrainer(TrainerOptions.defaults());

        assertThatThrownBy(() -> trainer.train(empty, some)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the training data is empty");
        assertThatThrownBy(() -> trainer.train(some, empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the held-out data is empty");
    }

    @Test
    void dataWithOneLabelOnlyIsRejected() {
        LabelledData normal = LabelledData.of(NAMES, List.of(new LabelledExample(new double[6], false),
                new LabelledExample(new double[6], false)));
        LabelledData anomalies = LabelledData.of(NAMES, List.of(new LabelledExample(new double[6], true)));
        LabelledData both = Models.small().heldOut();
        AnomalyModelTrainer trainer = new AnomalyModelTrainer(TrainerOptions.defaults());

        assertThatThrownBy(() -> trainer.train(normal, both)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the training data has only NORMAL examples (2): both labels are needed");
        assertThatThrownBy(() -> trainer.train(both, anomalies)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the held-out data has only ANOMALY examples (1): both labels are needed");
    }

    @Test
    void heldOutDataWithOtherFeaturesIsRejected() {
        LabelledData training = Models.small().training();
        List<LabelledExample> two = List.of(new LabelledExample(new double[] {1, 2}, true),
                new LabelledExample(new double[] {1, 3}, false));

        assertThatThrownBy(() -> new AnomalyModelTrainer(TrainerOptions.defaults()).train(training,
                LabelledData.of(List.of("vibration_mean", "vibration_std"), two)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the held-out data's feature names [vibration_mean, vibration_std] differ from the "
                        + "training data's " + NAMES);
    }

    @Test
    void scoringChecksItsInput() {
        TrainedModel model = Models.small().model();

        assertThatThrownBy(() -> model.anomalyScore(new double[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 6 feature values " + NAMES + ", got 5");
        assertThatThrownBy(() -> model.classProbabilities(new double[] {0, 0, 0, Double.NaN, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 'vibration_std': NaN is not a finite number");
    }

    @Test
    void badOptionsAndNamesAreRejected(@TempDir Path dir) {
        TrainerOptions o = TrainerOptions.defaults();

        assertThatThrownBy(() -> o.withEpochs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epochs must be in 1..10000, got 0");
        assertThatThrownBy(() -> o.withThreshold(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be in (0, 1), got 1.0");
        assertThatThrownBy(() -> o.withLearningRate(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("learningRate must be a finite number above 0, got -1.0");
        assertThatThrownBy(() -> o.withFactors(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("factors must be in 1..64, got 0");
        assertThatThrownBy(() -> Models.small().model().writeTo(dir, "../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model name '../escape' must be 1 to 128 letters, digits, '.', '_' or '-', starting with "
                        + "a letter or digit");
    }

    static double[] doubles(String commaList) {
        return Arrays.stream(commaList.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
