// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keys of a model's {@link ModelDescriptor#metadata() metadata} (the properties file a model bundle names in its
 * {@value ModelCapability#METADATA_ATTRIBUTE} attribute) that Weir's tools and stages read and write. Every value
 * is a string; lists are comma-separated, numbers are written with {@link Double#toString(double)}. A model
 * may carry further keys.
 *
 * <p>How a record becomes the model's input: the values of {@link #INPUT_FEATURES} (record fields, in tensor
 * column order) are read as numbers, each normalised as {@code (x − mean[i]) / scale[i]} with {@link
 * #INPUT_MEAN} and {@link #INPUT_SCALE}, and fed as a FLOAT tensor {@code [batch, features]} named {@link
 * #INPUT_NAME}. How the output becomes a score: column {@link #OUTPUT_SCORE_INDEX} of the output tensor {@link
 * #OUTPUT_SCORE}; the label is {@code score >= threshold}; the prediction is the {@link #OUTPUT_LABELS} entry of
 * the output's largest column.
 *
 * <p>Drift references: for a feature {@code f}, {@code reference.f.edges} holds the ascending inner bin edges of
 * its training distribution and {@code reference.f.fractions} the fraction of training values in each of the
 * {@code edges + 1} bins (bin {@code i} is {@code [edge[i-1], edge[i])}). {@code reference.score.*} describes
 * the score distribution the same way.
 *
 * <p>Constants defined by Weir: a provider type.
 */
@ProviderType
public final class ModelMetadata {

    /** Name of the input tensor the features are fed to: {@value}. */
    public static final String INPUT_NAME = "input.name";

    /** Record fields feeding the input tensor's columns, in order: {@value}. */
    public static final String INPUT_FEATURES = "input.features";

    /** Per-feature means subtracted before inference: {@value}. */
    public static final String INPUT_MEAN = "input.mean";

    /** Per-feature scales (standard deviations) divided by after the mean is subtracted: {@value}. */
    public static final String INPUT_SCALE = "input.scale";

    /** Name of the output tensor holding the score: {@value}. */
    public static final String OUTPUT_SCORE = "output.score";

    /** Column of {@link #OUTPUT_SCORE} holding the score (for example the anomaly probability): {@value}. */
    public static final String OUTPUT_SCORE_INDEX = "output.score.index";

    /** Class labels in output column order: {@value}. */
    public static final String OUTPUT_LABELS = "output.labels";

    /** Score at or above which a record is labelled positive (default 0.5): {@value}. */
    public static final String OUTPUT_THRESHOLD = "output.threshold";

    /** Fingerprint of the training data, {@code sha256:<hex>}: {@value}. */
    public static final String TRAINING_FINGERPRINT = "training.fingerprint";

    /** Seed of the training run: {@value}. */
    public static final String TRAINING_SEED = "training.seed";

    /** Number of training examples: {@value}. */
    public static final String TRAINING_SAMPLES = "training.samples";

    /** Library and algorithm that trained the model: {@value}. */
    public static final String TRAINING_ALGORITHM = "training.algorithm";

    /** Precision on the held-out evaluation data: {@value}. */
    public static final String EVAL_PRECISION = "eval.precision";

    /** Recall on the held-out evaluation data: {@value}. */
    public static final String EVAL_RECALL = "eval.recall";

    /** F1 score on the held-out evaluation data: {@value}. */
    public static final String EVAL_F1 = "eval.f1";

    /** Fraction of held-out examples classified correctly: {@value}. */
    public static final String EVAL_ACCURACY = "eval.accuracy";

    /** Number of held-out evaluation examples: {@value}. */
    public static final String EVAL_SAMPLES = "eval.samples";

    /** Prefix of the drift reference keys: {@value}. */
    public static final String REFERENCE_PREFIX = "reference.";

    /** Name used instead of a feature for the score's reference distribution: {@value}. */
    public static final String REFERENCE_SCORE = "score";

    /**
     * @param feature a feature name, or {@link #REFERENCE_SCORE}
     * @return the key of its reference bin edges
     */
    public static String referenceEdges(String feature) {
        return REFERENCE_PREFIX + feature + ".edges";
    }

    /**
     * @param feature a feature name, or {@link #REFERENCE_SCORE}
     * @return the key of its reference bin fractions
     */
    public static String referenceFractions(String feature) {
        return REFERENCE_PREFIX + feature + ".fractions";
    }

    private ModelMetadata() {
        // constants only
    }
}
