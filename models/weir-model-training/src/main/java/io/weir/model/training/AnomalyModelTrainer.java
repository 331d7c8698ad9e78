// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.inference.ModelMetadata;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.Tribuo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ListExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a binary anomaly classifier with Tribuo, evaluates it on held-out data and exports it to ONNX with its
 * {@link ModelMetadata metadata}.
 *
 * <p>Steps: the features are standardised with the training data's mean and population standard deviation (a
 * constant feature gets scale 1); the model ({@link TrainerOptions#algorithm()}) is trained on the standardised
 * features with labels {@value #ANOMALY} and {@value #NORMAL}; every held-out example is scored (the {@value
 * #ANOMALY} probability) and counted as flagged when the score is at least the threshold; the graph is exported
 * to ONNX. The ONNX model takes <em>standardised</em> features (FLOAT {@code [batch, features]}, columns in the
 * order of {@link LabelledData#featureNames()}) and outputs the class probabilities (FLOAT {@code [batch, 2]},
 * columns in the order of {@code output.labels}); the mean and scale to apply first are in the metadata.
 *
 * <p>Drift references: {@code reference.<feature>.*} describe the raw training values of each feature; {@code
 * reference.score.*} describes the anomaly scores of the <em>held-out</em> data, which, unlike the training data,
 * the model has not fitted, so they are what the model gives on new data of the same kind. Besides the keys of
 * {@link ModelMetadata} the metadata has {@value #TRAINING_POSITIVES}, {@value #TRAINING_SCENARIO}, {@value
 * #EVAL_POSITIVES} and {@value #EVAL_SCENARIO}.
 *
 * <p>Feature order: Tribuo numbers features by sorting their names, and its ONNX input columns follow those
 * numbers. The trainer therefore gives the features internal names that sort in column order ({@code x0}, {@code
 * x1}, … zero-padded) and checks the trained model's numbering before exporting.
 *
 * <p>Reproducible: the same options and data give a byte-identical ONNX model and metadata. Thread-safe: each call
 * builds its own Tribuo trainer.
 */
public final class AnomalyModelTrainer {

    /** Label of anomalous windows: the positive class, whose probability is the score. */
    public static final String ANOMALY = "ANOMALY";
    /** Label of normal windows. */
    public static final String NORMAL = "NORMAL";

    /** Metadata key: number of anomalies in the training data. */
    public static final String TRAINING_POSITIVES = "training.positives";
    /** Metadata key: one-line description of the training data ({@link LabelledData#description()}). */
    public static final String TRAINING_SCENARIO = "training.scenario";
    /** Metadata key: number of anomalies in the held-out data. */
    public static final String EVAL_POSITIVES = "eval.positives";
    /** Metadata key: one-line description of the held-out data. */
    public static final String EVAL_SCENARIO = "eval.scenario";

    /** AdaGrad's epsilon. */
    private static final double ADAGRAD_EPSILON = 0.1;
    /** Variance of the normal distribution the factorization machine's factors start from. */
    private static final double FM_INIT_VARIANCE = 0.1;
    /** Examples per SGD step. */
    private static final int MINIBATCH = 1;

    private final TrainerOptions options;

    /** @param options how to train */
    public AnomalyModelTrainer(TrainerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** @return how this trainer trains */
    public TrainerOptions options() {
        return options;
    }

    /**
     * Same as {@link #train(LabelledData, LabelledData, ProgressListener)} without progress messages.
     *
     * @param training the training data
     * @param heldOut the evaluation data
     * @return the model
     */
    public TrainedModel train(LabelledData training, LabelledData heldOut) {
        return train(training, heldOut, ProgressListener.NONE);
    }

    /**
     * Trains, evaluates and exports a model. Blocks for the training (about a second per 20,000 examples and 10
     * epochs for the factorization machine).
     *
     * @param training the training data: not empty, both labels present
     * @param heldOut the evaluation data, not used for training: the same feature names, not empty, both labels
     *        present
     * @param progress receives a message per step and per epoch, on the calling thread
     * @return the model, its metadata and its evaluation
     * @throws IllegalArgumentException if the data is empty, has only one label, or the feature names differ
     */
    public TrainedModel train(LabelledData training, LabelledData heldOut, ProgressListener progress) {
        Objects.requireNonNull(progress, "progress");
        checkUsable("training", training);
        checkUsable("held-out", heldOut);
        if (!heldOut.featureNames().equals(training.featureNames())) {
            throw new IllegalArgumentException("the held-out data's feature names " + heldOut.featureNames()
                    + " differ from the training data's " + training.featureNames());
        }
        List<String> featureNames = training.featureNames();
        String[] internalNames = internalNames(featureNames.size());
        Standardiser standardiser = Standardiser.fit(training);

        progress.progress(String.format(Locale.ROOT, "training %s on %d examples (%d anomalies), %d epochs, seed %d",
                options.algorithm(), training.size(), training.positives(), options.epochs(), options.seed()));
        Model<Label> model = fit(training, standardiser, internalNames, progress);
        checkFeatureOrder(model.getFeatureIDMap(), internalNames);
        List<String> columns = labelColumns(model.getOutputIDInfo());
        ScoringModel scoring = new ScoringModel(model, standardiser, featureNames, internalNames, columns);

        progress.progress(String.format(Locale.ROOT, "evaluating on %d held-out examples (%d anomalies)",
                heldOut.size(), heldOut.positives()));
        double[] heldOutScores = new double[heldOut.size()];
        Evaluation evaluation = evaluate(scoring, heldOut, heldOutScores);
        progress.progress("held-out " + evaluation);

        progress.progress("exporting ONNX");
        OnnxExport export = new OnnxExport((ONNXExportable) model, featureNames.size(), columns.size());
        String fingerprint = training.fingerprint();
        SortedMap<String, String> metadata = new TreeMap<>();
        metadata.put(ModelMetadata.INPUT_NAME, export.inputName());
        metadata.put(ModelMetadata.INPUT_FEATURES, String.join(",", featureNames));
        metadata.put(ModelMetadata.INPUT_MEAN, join(standardiser.mean()));
        metadata.put(ModelMetadata.INPUT_SCALE, join(standardiser.scale()));
        metadata.put(ModelMetadata.OUTPUT_SCORE, export.outputName());
        metadata.put(ModelMetadata.OUTPUT_SCORE_INDEX, Integer.toString(columns.indexOf(ANOMALY)));
        metadata.put(ModelMetadata.OUTPUT_LABELS, String.join(",", columns));
        metadata.put(ModelMetadata.OUTPUT_THRESHOLD, Double.toString(options.threshold()));
        metadata.put(ModelMetadata.TRAINING_FINGERPRINT, fingerprint);
        metadata.put(ModelMetadata.TRAINING_SEED, Long.toString(options.seed()));
        metadata.put(ModelMetadata.TRAINING_SAMPLES, Integer.toString(training.size()));
        metadata.put(ModelMetadata.TRAINING_ALGORITHM, algorithmDescription());
        metadata.put(TRAINING_POSITIVES, Integer.toString(training.positives()));
        metadata.put(TRAINING_SCENARIO, training.description());
        metadata.put(ModelMetadata.EVAL_PRECISION, Double.toString(evaluation.precision()));
        metadata.put(ModelMetadata.EVAL_RECALL, Double.toString(evaluation.recall()));
        metadata.put(ModelMetadata.EVAL_F1, Double.toString(evaluation.f1()));
        metadata.put(ModelMetadata.EVAL_ACCURACY, Double.toString(evaluation.accuracy()));
        metadata.put(ModelMetadata.EVAL_SAMPLES, Integer.toString(evaluation.samples()));
        metadata.put(EVAL_POSITIVES, Integer.toString(evaluation.positives()));
        metadata.put(EVAL_SCENARIO, heldOut.description());
        for (int f = 0; f < featureNames.size(); f++) {
            double[] column = new double[training.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = training.examples().get(i).feature(f);
            }
            DriftReference.put(featureNames.get(f), column, metadata);
        }
        DriftReference.put(ModelMetadata.REFERENCE_SCORE, heldOutScores, metadata);

        String description = "Weir anomaly model: " + options.algorithm() + " over standardised "
                + String.join(", ", featureNames) + "; trained on " + fingerprint;
        return new TrainedModel(export.toBytes(metadata, description), metadata, evaluation, scoring);
    }

    /** Trains the Tribuo model on the standardised training data, reporting each epoch. */
    private Model<Label> fit(LabelledData training, Standardiser standardiser, String[] internalNames,
            ProgressListener progress) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(training.description(),
                OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC), labels), labels);
        Label anomaly = new Label(ANOMALY);
        Label normal = new Label(NORMAL);
        for (LabelledExample e : training.examples()) {
            dataset.add(new ListExample<>(e.anomaly() ? anomaly : normal, internalNames,
                    standardiser.apply(e.features())));
        }
        int stepsPerEpoch = (training.size() + MINIBATCH - 1) / MINIBATCH;
        EpochProgress epochs = new EpochProgress(progress, stepsPerEpoch, options.epochs());
        try {
            return tribuoTrainer(stepsPerEpoch).train(dataset);
        } finally {
            epochs.close();
        }
    }

    /**
     * Scores the held-out data and counts the decisions.
     *
     * @param scores receives each example's anomaly score
     */
    private Evaluation evaluate(ScoringModel scoring, LabelledData heldOut, double[] scores) {
        int anomalyColumn = scoring.labels().indexOf(ANOMALY);
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            LabelledExample e = heldOut.examples().get(i);
            scores[i] = scoring.probabilities(e.features())[anomalyColumn];
            boolean flagged = scores[i] >= options.threshold();
            if (flagged && e.anomaly()) {
                tp++;
            } else if (flagged) {
                fp++;
            } else if (e.anomaly()) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Evaluation(tp, fp, tn, fn);
    }

    private static void checkUsable(String role, LabelledData data) {
        Objects.requireNonNull(data, role);
        if (data.size() == 0) {
            throw new IllegalArgumentException("the " + role + " data is empty");
        }
        int positives = data.positives();
        if (positives == 0 || positives == data.size()) {
            throw new IllegalArgumentException("the " + role + " data has only " + (positives == 0 ? NORMAL : ANOMALY)
                    + " examples (" + data.size() + "): both labels are needed");
        }
    }

    /** Names that sort in column order: x0..x9, or x00..x99, … */
    private static String[] internalNames(int width) {
        int digits = Integer.toString(width - 1).length();
        String[] names = new String[width];
        for (int f = 0; f < width; f++) {
            names[f] = "x" + String.format(Locale.ROOT, "%0" + digits + "d", f);
        }
        return names;
    }

    private static void checkFeatureOrder(ImmutableFeatureMap map, String[] internalNames) {
        if (map.size() != internalNames.length) {
            throw new IllegalStateException("Tribuo knows " + map.size() + " features, expected "
                    + internalNames.length);
        }
        for (int f = 0; f < internalNames.length; f++) {
            if (map.getID(internalNames[f]) != f) {
                throw new IllegalStateException("Tribuo numbered feature " + internalNames[f] + " "
                        + map.getID(internalNames[f]) + ", expected " + f + ": the ONNX column order would be wrong");
            }
        }
    }

    private static List<String> labelColumns(ImmutableOutputInfo<Label> info) {
        List<String> columns = new ArrayList<>(info.size());
        for (int id = 0; id < info.size(); id++) {
            columns.add(info.getOutput(id).getLabel());
        }
        if (columns.size() != 2 || !columns.contains(ANOMALY) || !columns.contains(NORMAL)) {
            throw new IllegalStateException("unexpected output columns " + columns);
        }
        return List.copyOf(columns);
    }

    private Trainer<Label> tribuoTrainer(int loggingInterval) {
        AdaGrad optimiser = new AdaGrad(options.learningRate(), ADAGRAD_EPSILON);
        return switch (options.algorithm()) {
            case FACTORIZATION_MACHINE -> new FMClassificationTrainer(new LogMulticlass(), optimiser,
                    options.epochs(), loggingInterval, MINIBATCH, options.seed(), options.factors(), FM_INIT_VARIANCE);
            case LOGISTIC_REGRESSION -> new LinearSGDTrainer(new LogMulticlass(), optimiser, options.epochs(),
                    loggingInterval, MINIBATCH, options.seed());
        };
    }

    /** @return the value of {@code training.algorithm} */
    String algorithmDescription() {
        String common = String.format(Locale.ROOT, "LogMulticlass loss, AdaGrad(learningRate=%s, epsilon=%s), "
                + "%d epochs, minibatch %d", Double.toString(options.learningRate()), Double.toString(ADAGRAD_EPSILON),
                options.epochs(), MINIBATCH);
        return switch (options.algorithm()) {
            case FACTORIZATION_MACHINE -> String.format(Locale.ROOT, "Tribuo %s FMClassificationTrainer: %s, %d "
                    + "factors (initial variance %s); standardised inputs", Tribuo.VERSION, common, options.factors(),
                    Double.toString(FM_INIT_VARIANCE));
            case LOGISTIC_REGRESSION -> String.format(Locale.ROOT, "Tribuo %s LinearSGDTrainer (logistic regression): "
                    + "%s; standardised inputs", Tribuo.VERSION, common);
        };
    }

    private static String join(double[] values) {
        List<String> parts = new ArrayList<>(values.length);
        for (double v : values) {
            parts.add(Double.toString(v));
        }
        return String.join(",", parts);
    }
}
