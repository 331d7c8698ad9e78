// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetadata;
import io.weir.pipeline.inference.DriftEvents;
import io.weir.pipeline.inference.DriftStatus;

/**
 * The drift statistics of one node for one model version: a {@link BinnedWindow} per feature that has a reference
 * distribution in the model's metadata, one for the score, and an {@link ErrorWindow} when ground truth is
 * configured and the model states its {@code eval.accuracy}; their values feed a {@link DriftAlarm}. Made afresh
 * (empty windows) for every model version. Per record: O(log bins) per window to add, O(bins) per statistic.
 * Not thread-safe: used on the stage's thread.
 */
final class DriftTracker {

    private static final Logger LOG = LoggerFactory.getLogger(DriftTracker.class);

    private final StageSettings settings;
    private final ModelBinding binding;
    private final DriftStatistic statistic;
    /** Statistic names: monitored features, then "score" if it has a reference, then "error" if monitored. */
    private final String[] names;
    /** Windows of the features (the first {@code columns.length}) and then of the score, if any. */
    private final BinnedWindow[] windows;
    /** Input column of each feature window. */
    private final int[] columns;
    private final boolean scoreMonitored;
    private final @Nullable ErrorWindow errors;
    private final double referenceError;
    private final double[] values;
    private final DriftAlarm alarm;

    private DriftTracker(StageSettings settings, ModelBinding binding, List<String> names, List<BinnedWindow> windows,
            int[] columns, boolean scoreMonitored, @Nullable ErrorWindow errors, double referenceError) {
        this.settings = settings;
        this.binding = binding;
        this.statistic = Objects.requireNonNull(settings.statistic());
        this.names = names.toArray(new String[0]);
        this.windows = windows.toArray(new BinnedWindow[0]);
        this.columns = columns;
        this.scoreMonitored = scoreMonitored;
        this.errors = errors;
        this.referenceError = referenceError;
        this.values = new double[this.names.length];
        Arrays.fill(values, Double.NaN);
        double[] thresholds = new double[this.names.length];
        for (int i = 0; i < thresholds.length; i++) {
            thresholds[i] = errors != null && i == thresholds.length - 1 ? settings.errorThreshold()
                    : settings.threshold();
        }
        this.alarm = new DriftAlarm(thresholds, settings.sustainMs(), settings.reminderMs());
    }

    /**
     * Reads the references of a bound model version. Features without a reference (or with a malformed one) are not
     * monitored; that is logged once here.
     *
     * @param settings the node's settings; drift detection must be on
     */
    static DriftTracker create(StageSettings settings, ModelBinding binding) {
        ModelDescriptor d = binding.descriptor;
        List<String> names = new ArrayList<>();
        List<BinnedWindow> windows = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        List<String> unmonitored = new ArrayList<>();
        for (int i = 0; i < binding.features.length; i++) {
            String field = binding.features[i];
            BinnedReference ref = reference(settings, d, field);
            String[] meta = binding.metadataFeatures;
            if (ref == null && meta != null && !meta[i].equals(field)) {
                ref = reference(settings, d, meta[i]);
            }
            if (ref == null) {
                unmonitored.add(field);
                continue;
            }
            names.add(field);
            windows.add(new BinnedWindow(ref, settings.window()));
            columns.add(i);
        }
        BinnedReference scoreRef = reference(settings, d, ModelMetadata.REFERENCE_SCORE);
        if (scoreRef != null) {
            names.add(DriftEvents.SCORE);
            windows.add(new BinnedWindow(scoreRef, settings.window()));
        } else {
            unmonitored.add(DriftEvents.SCORE);
        }
        ErrorWindow errors = null;
        double referenceError = Double.NaN;
        if (!settings.groundTruthField().isEmpty()) {
            String accuracy = d.metadata().get(ModelMetadata.EVAL_ACCURACY);
            try {
                double a = accuracy == null ? Double.NaN : MetadataValues.number(accuracy);
                if (a >= 0 && a <= 1) {
                    referenceError = 1 - a;
                    errors = new ErrorWindow(settings.window());
                    names.add(DriftEvents.ERROR);
                } else {
                    LOG.warn("{}: model {} states no '{}' in [0, 1] ({}): prediction error drift is not monitored",
                            settings.where(), binding.label, ModelMetadata.EVAL_ACCURACY, accuracy);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: model {}: '{}' {}: prediction error drift is not monitored", settings.where(),
                        binding.label, ModelMetadata.EVAL_ACCURACY, e.getMessage());
            }
        }
        if (!unmonitored.isEmpty()) {
            LOG.info("{}: model {} has no drift reference for {}: not monitored", settings.where(), binding.label,
                    unmonitored);
        }
        int[] cols = columns.stream().mapToInt(Integer::intValue).toArray();
        return new DriftTracker(settings, binding, names, windows, cols, scoreRef != null, errors, referenceError);
    }

    private static @Nullable BinnedReference reference(StageSettings settings, ModelDescriptor d, String name) {
        String edges = ModelMetadata.referenceEdges(name);
        String fractions = ModelMetadata.referenceFractions(name);
        try {
            return BinnedReference.parse(d.metadata().get(edges), d.metadata().get(fractions));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: model {} version {}: reference '{}' / '{}' is malformed ({}): not monitored",
                    settings.where(), d.name(), d.version(), edges, fractions, e.getMessage());
            return null;
        }
    }

    /**
     * Adds one scored record to the windows and evaluates every statistic.
     *
     * @param timestamp the record time
     * @param score the score, skipped if not finite
     * @param truth the true label: 1 positive, 0 negative, -1 unknown
     * @param predicted the predicted label
     * @return the drift transition this record causes, or {@code null}
     */
    DriftAlarm.@Nullable Transition update(long timestamp, double score, int truth, boolean predicted) {
        double[] raw = binding.values;
        for (int k = 0; k < columns.length; k++) {
            windows[k].add(raw[columns[k]]);
        }
        if (scoreMonitored && Double.isFinite(score)) {
            windows[windows.length - 1].add(score);
        }
        int min = settings.minSamples();
        for (int k = 0; k < windows.length; k++) {
            values[k] = windows[k].size() >= min ? statistic.of(windows[k]) : Double.NaN;
        }
        ErrorWindow e = errors;
        if (e != null) {
            if (truth >= 0) {
                e.add(predicted != (truth == 1));
            }
            values[values.length - 1] = e.size() >= min ? e.rate() - referenceError : Double.NaN;
        }
        return alarm.update(timestamp, values);
    }

    /**
     * A ground truth that arrived later for an earlier prediction: adds it to the error window and evaluates the
     * statistics again (the others keep the values of the last scored record).
     *
     * @param timestamp the time of the record that brought the truth
     * @param predicted the label predicted then
     * @param truth 1 positive, 0 negative
     * @return the drift transition this causes, or {@code null} (also when the error is not monitored)
     */
    DriftAlarm.@Nullable Transition label(long timestamp, boolean predicted, int truth) {
        ErrorWindow e = errors;
        if (e == null || truth < 0) {
            return null;
        }
        e.add(predicted != (truth == 1));
        values[values.length - 1] = e.size() >= settings.minSamples() ? e.rate() - referenceError : Double.NaN;
        return alarm.update(timestamp, values);
    }

    /** @return a CLEARED transition if drift was being reported (the model version changes), else {@code null} */
    DriftAlarm.@Nullable Transition abandon() {
        return alarm.abandon();
    }

    /**
     * @param t a transition from this tracker
     * @param timestamp the record time
     * @param reason for CLEARED: {@link DriftEvents#REASON_RECOVERED} or {@link DriftEvents#REASON_MODEL_CHANGED}
     * @return the event topic's properties (see {@link DriftEvents})
     */
    Map<String, Object> eventProperties(DriftAlarm.Transition t, long timestamp, String reason) {
        Map<String, Object> p = new HashMap<>();
        p.put(DriftEvents.MODEL_NAME, binding.descriptor.name());
        p.put(DriftEvents.MODEL_VERSION, binding.version);
        p.put(DriftEvents.PIPELINE, settings.pipelineName());
        p.put(DriftEvents.STAGE, settings.stageId());
        p.put(DriftEvents.STATISTIC, statistic.label());
        p.put(DriftEvents.THRESHOLD, settings.threshold());
        if (errors != null) {
            p.put(DriftEvents.ERROR_THRESHOLD, settings.errorThreshold());
        }
        p.put(DriftEvents.WINDOW, settings.window());
        p.put(DriftEvents.SINCE, t.since());
        p.put(DriftEvents.TIMESTAMP, timestamp);
        int[] which = t.statistics();
        String[] features = new String[which.length];
        double[] featureValues = new double[which.length];
        for (int i = 0; i < which.length; i++) {
            features[i] = names[which[i]];
            featureValues[i] = values[which[i]];
        }
        p.put(DriftEvents.FEATURES, features);
        p.put(DriftEvents.VALUES, featureValues);
        p.put(DriftEvents.STATISTICS, statisticsText());
        if (t.cleared()) {
            p.put(DriftEvents.REASON, reason);
        }
        return p;
    }

    /** @return every statistic as {@code name=value} joined by commas, 4 decimals, {@code NaN} when unknown */
    String statisticsText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(names[i]).append('=');
            b.append(Double.isNaN(values[i]) ? "NaN" : String.format(Locale.ROOT, "%.4f", values[i]));
        }
        return b.toString();
    }

    /** @return the status of the node for {@link io.weir.pipeline.inference.DriftMonitor} */
    DriftStatus status(long timestamp, long skipped) {
        Map<String, Double> stats = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            stats.put(names[i], values[i]);
        }
        List<String> drifting = new ArrayList<>();
        if (alarm.drifting()) {
            for (int i : alarm.sustained(timestamp)) {
                drifting.add(names[i]);
            }
        }
        int samples = 0;
        for (BinnedWindow w : windows) {
            samples = Math.max(samples, w.size());
        }
        return new DriftStatus(settings.pipelineName(), settings.stageId(), settings.model(), binding.version,
                statistic.label(), settings.threshold(), settings.window(), samples, timestamp, stats, drifting,
                alarm.since(), skipped);
    }

    /** @return the statistic names, in order */
    String[] names() {
        return names.clone();
    }

    /** @return the current value of statistic {@code name}, NaN if unknown or not monitored */
    double value(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return Double.NaN;
    }
}
