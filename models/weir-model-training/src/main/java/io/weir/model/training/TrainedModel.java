// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.inference.ModelMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A model from {@link AnomalyModelTrainer}: the ONNX model, its {@link ModelMetadata metadata} and its held-out
 * {@link Evaluation}. The ONNX model's {@code metadata_props} carry the same metadata. Immutable and thread-safe.
 */
public final class TrainedModel {

    /** Name of the metadata file {@link #writeTo(Path, String)} writes. */
    public static final String METADATA_FILE = "metadata.properties";

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final byte[] onnx;
    private final SortedMap<String, String> metadata;
    private final Evaluation evaluation;
    private final ScoringModel scoring;

    TrainedModel(byte[] onnx, SortedMap<String, String> metadata, Evaluation evaluation, ScoringModel scoring) {
        this.onnx = onnx.clone();
        this.metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        this.evaluation = evaluation;
        this.scoring = scoring;
    }

    /** @return a copy of the serialized ONNX model */
    public byte[] onnx() {
        return onnx.clone();
    }

    /** @return the metadata, sorted by key, unmodifiable */
    public SortedMap<String, String> metadata() {
        return metadata;
    }

    /** @return the evaluation on the held-out data */
    public Evaluation evaluation() {
        return evaluation;
    }

    /**
     * Scores raw features with the trained Tribuo model in double precision: what the ONNX model computes in
     * single precision after the metadata's standardisation.
     *
     * @param features raw feature values in {@code input.features} order
     * @return the class probabilities in {@code output.labels} order
     * @throws IllegalArgumentException if the number of values is wrong or a value is not finite
     */
    public double[] classProbabilities(double[] features) {
        return scoring.probabilities(features);
    }

    /**
     * @param features raw feature values in {@code input.features} order
     * @return the anomaly probability, the score compared with {@code output.threshold}
     * @throws IllegalArgumentException if the number of values is wrong or a value is not finite
     */
    public double anomalyScore(double[] features) {
        return scoring.probabilities(features)[scoring.labels().indexOf(AnomalyModelTrainer.ANOMALY)];
    }

    /**
     * Writes {@code <modelName>.onnx} and {@value #METADATA_FILE} (UTF-8, sorted keys, no timestamp: the same model
     * gives the same bytes) into a directory, creating it if needed and replacing existing files.
     *
     * @param dir the directory
     * @param modelName the file name without {@code .onnx}: letters, digits, {@code .}, {@code _} and {@code -},
     *        starting with a letter or digit
     * @return the ONNX file
     * @throws IllegalArgumentException if the model name is not acceptable
     * @throws IOException if writing fails
     */
    public Path writeTo(Path dir, String modelName) throws IOException {
        checkModelName(modelName);
        Files.createDirectories(dir);
        Path model = dir.resolve(modelName + ".onnx");
        Files.write(model, onnx);
        String text = MetadataFile.format("Weir model metadata (io.weir.inference.ModelMetadata) of " + modelName
                + ".onnx", metadata);
        Files.writeString(dir.resolve(METADATA_FILE), text, StandardCharsets.UTF_8);
        return model;
    }

    /**
     * @param modelName a model name
     * @throws IllegalArgumentException unless it is 1 to 128 letters, digits, '.', '_' or '-', starting with a
     *         letter or digit
     */
    static void checkModelName(String modelName) {
        if (!MODEL_NAME.matcher(modelName).matches()) {
            throw new IllegalArgumentException("model name '" + modelName + "' must be 1 to 128 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
    }
}
