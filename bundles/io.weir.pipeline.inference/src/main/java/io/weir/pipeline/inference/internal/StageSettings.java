// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.weir.pipeline.StageContext;

/**
 * One node's validated configuration (see {@link InferenceStageConfig} and the README). Immutable after
 * {@link #read}; the arrays are never handed out to be changed.
 *
 * @param where the stage label used in every message: {@code inference stage 'id' of pipeline 'p'}
 * @param features configured feature fields, empty = the model's {@code input.features}
 * @param statistic the drift statistic, {@code null} when drift detection is off
 * @param threshold the feature/score drift threshold, resolved against the statistic's default
 * @param minSamples resolved: 1 to window
 * @param groundTruthTimeField empty: the ground truth in a record is for that record; else the truth labels the
 *     earlier prediction whose record timestamp this field holds
 * @param groundTruthMaxDelayMs how long (record time) a prediction waits for its delayed label
 * @param groundTruthMaxPending how many predictions wait for their delayed label at most
 */
record StageSettings(String where, String pipelineName, String stageId, String model, String[] features,
        boolean normalize, String input, String scoreField, String labelField, String predictionField,
        String versionField, String outputPrefix, boolean deadLetterMissing, @Nullable DriftStatistic statistic,
        int window, double threshold, long sustainMs, int minSamples, long reminderMs, String groundTruthField,
        double errorThreshold, String groundTruthTimeField, long groundTruthMaxDelayMs, int groundTruthMaxPending) {

    static final String TYPE = "inference";
    static final int MIN_WINDOW = 10;
    static final int MAX_WINDOW = 1_000_000;

    static String where(StageContext context) {
        return TYPE + " stage '" + context.stageId() + "' of pipeline '" + context.pipelineName() + "'";
    }

    /**
     * @throws IllegalArgumentException naming the stage and the attribute
     */
    static StageSettings read(StageContext context) {
        String where = where(context);
        ConfigReader r = new ConfigReader(where);
        InferenceStageConfig c;
        try {
            c = context.config(InferenceStageConfig.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": invalid configuration: " + e.getMessage(), e);
        }
        String model = r.required("model", c::model);
        String[] features = r.get("features", c::features).clone();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.length; i++) {
            String f = features[i] == null ? "" : features[i].trim();
            if (f.isEmpty()) {
                throw r.invalid("features", "a feature name is empty");
            }
            if (!seen.add(f)) {
                throw r.invalid("features", "feature '" + f + "' is listed twice");
            }
            features[i] = f;
        }
        boolean normalize = r.get("normalize", c::normalize);
        String input = r.text("input", c::input);
        String scoreField = r.required("scoreField", c::scoreField);
        String labelField = r.text("labelField", c::labelField);
        String predictionField = r.text("predictionField", c::predictionField);
        String versionField = r.text("versionField", c::versionField);
        Map<String, String> fields = new HashMap<>();
        fields.put(scoreField, "scoreField");
        distinct(r, fields, "labelField", labelField);
        distinct(r, fields, "predictionField", predictionField);
        distinct(r, fields, "versionField", versionField);
        String outputPrefix = r.text("outputPrefix", c::outputPrefix);
        boolean deadLetter = "dead-letter".equals(r.oneOf("missing", c::missing, "skip", "dead-letter"));

        String statisticName = r.oneOf("driftStatistic", c::driftStatistic, "psi", "ks", "none");
        DriftStatistic statistic = switch (statisticName) {
            case "psi" -> DriftStatistic.PSI;
            case "ks" -> DriftStatistic.KS;
            default -> null;
        };
        int window = r.intBetween("driftWindow", c::driftWindow, MIN_WINDOW, MAX_WINDOW);
        double threshold = r.get("driftThreshold", c::driftThreshold);
        if (Double.isNaN(threshold)) {
            threshold = statistic == null ? Double.NaN : statistic.defaultThreshold();
        } else if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw r.invalid("driftThreshold", "must be a finite number > 0, was " + threshold);
        } else if (statistic == DriftStatistic.KS && threshold >= 1) {
            throw r.invalid("driftThreshold", "a KS distance is below 1, was " + threshold);
        }
        long sustainMs = r.atLeast("driftSustainMs", c::driftSustainMs, 0);
        int minSamples = r.intBetween("driftMinSamples", c::driftMinSamples, 0, window);
        if (minSamples == 0) {
            minSamples = window;
        }
        long reminderMs = r.atLeast("driftReminderMs", c::driftReminderMs, 0);
        String groundTruthField = r.text("groundTruthField", c::groundTruthField);
        double errorThreshold = r.get("errorThreshold", c::errorThreshold);
        if (!(errorThreshold > 0 && errorThreshold <= 1)) {
            throw r.invalid("errorThreshold", "must be in (0, 1], was " + errorThreshold);
        }
        String groundTruthTimeField = r.text("groundTruthTimeField", c::groundTruthTimeField);
        if (!groundTruthTimeField.isEmpty()) {
            if (groundTruthField.isEmpty()) {
                throw r.invalid("groundTruthTimeField", "needs groundTruthField, the field with the delayed label");
            }
            if (groundTruthTimeField.equals(groundTruthField)) {
                throw r.invalid("groundTruthTimeField", "must differ from groundTruthField ('" + groundTruthField
                        + "')");
            }
        }
        long groundTruthMaxDelayMs = r.atLeast("groundTruthMaxDelayMs", c::groundTruthMaxDelayMs, 1);
        int groundTruthMaxPending = r.intBetween("groundTruthMaxPending", c::groundTruthMaxPending, 1, MAX_WINDOW);
        return new StageSettings(where, context.pipelineName(), context.stageId(), model, features, normalize, input,
                scoreField, labelField, predictionField, versionField, outputPrefix, deadLetter, statistic, window,
                threshold, sustainMs, minSamples, reminderMs, groundTruthField, errorThreshold, groundTruthTimeField,
                groundTruthMaxDelayMs, groundTruthMaxPending);
    }

    private static void distinct(ConfigReader r, Map<String, String> fields, String attribute, String field) {
        if (field.isEmpty()) {
            return;
        }
        String other = fields.putIfAbsent(field, attribute);
        if (other != null) {
            throw r.invalid(attribute, "field '" + field + "' is also the " + other);
        }
    }
}
