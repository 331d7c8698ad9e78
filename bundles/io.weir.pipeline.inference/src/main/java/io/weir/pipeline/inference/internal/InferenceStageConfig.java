// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

/**
 * Configuration of one {@code inference} node, converted from the node's map by the pipeline engine (OSGi
 * Converter: a string {@code "0.5"} works for a double, a single string for a {@code String[]}). Validated by
 * {@link StageSettings#read}. The README's configuration table documents every attribute.
 */
@interface InferenceStageConfig {

    /** @return the model name (required); every record runs on the model's active version */
    String model();

    /** @return record fields feeding the input columns, in order; empty = the model's {@code input.features} */
    String[] features() default {};

    /** @return whether to apply {@code (x − input.mean[i]) / input.scale[i]} before inference */
    boolean normalize() default true;

    /** @return the input tensor name; empty = the model's {@code input.name}, or its only input */
    String input() default "";

    /** @return the DOUBLE field the score is written to (required, not empty) */
    String scoreField() default "anomaly_score";

    /** @return the BOOLEAN field {@code score >= output.threshold} is written to; empty = none */
    String labelField() default "anomaly_predicted";

    /** @return the STRING field the predicted {@code output.labels} entry is written to; empty = none */
    String predictionField() default "prediction";

    /** @return the STRING field {@code name@version} of the scoring model is written to; empty = none */
    String versionField() default "model_version";

    /** @return prefix of fields holding every output tensor element ({@code <prefix><output>_<i>}); empty = none */
    String outputPrefix() default "";

    /** @return {@code skip} or {@code dead-letter} a record whose feature is absent, not numeric or not finite */
    String missing() default "skip";

    /** @return {@code psi}, {@code ks} or {@code none} (no drift detection) */
    String driftStatistic() default "psi";

    /** @return samples in each sliding drift window, 10 to 1,000,000 */
    int driftWindow() default 500;

    /** @return threshold of the feature and score statistics; NaN (unset) = 0.25 for psi, 0.1 for ks */
    double driftThreshold() default Double.NaN;

    /** @return how long (record time) a statistic must stay above its threshold before drift is reported */
    long driftSustainMs() default 60_000;

    /** @return samples a window needs before its statistic is computed, 1 to driftWindow; 0 = driftWindow */
    int driftMinSamples() default 0;

    /** @return while drift persists, repeat the DRIFT event after this long (record time); 0 = never */
    long driftReminderMs() default 600_000;

    /** @return a record field holding the true label (number > 0.5 or BOOLEAN true = positive); empty = none */
    String groundTruthField() default "";

    /** @return the tolerated rise of the error rate over the model's {@code 1 − eval.accuracy}, in (0, 1] */
    double errorThreshold() default 0.1;

    /**
     * @return empty: a record's ground truth is for that record. Else a record carrying both this field (the epoch
     *     ms timestamp of an earlier scored record) and {@code groundTruthField} labels that earlier prediction: the
     *     ground truth arrives later
     */
    String groundTruthTimeField() default "";

    /** @return with {@code groundTruthTimeField}: how long (record time) a prediction waits for its label */
    long groundTruthMaxDelayMs() default 3_600_000;

    /** @return with {@code groundTruthTimeField}: how many predictions wait for their label at most */
    int groundTruthMaxPending() default 10_000;

    /** @return run each inference as a scheduler task that the active policy may offload to the cloud */
    boolean offload() default false;

    /** @return with {@code offload}: each inference's deadline, ms after the record is processed */
    long offloadDeadlineMs() default 2_000;

    /** @return with {@code offload}: the task priority, 0 (highest) to 9 */
    int offloadPriority() default 5;

    /** @return with {@code offload}: the task's cost estimate in ms of reference-core work */
    double offloadCostMs() default 1.0;
}
