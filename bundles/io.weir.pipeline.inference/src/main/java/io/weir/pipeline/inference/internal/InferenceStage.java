// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.data.DataType;
import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.inference.ElementType;
import io.weir.inference.InferenceEngine;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.Model;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;
import io.weir.pipeline.inference.DriftEvents;
import io.weir.pipeline.inference.DriftStatus;

/**
 * One {@code inference} node: per record, reads the features, runs the model's active version by name through the
 * engine, appends score, label, prediction, version and (optionally) every output element, and feeds the drift
 * windows.
 *
 * <p>Model versions: the stage keeps a {@link ModelBinding} of the version that answered last. When the engine
 * answers with another version (or fails while another version is active), the stage binds that version, runs the
 * record again with its mapping, and starts new drift windows; so a swap is picked up at the next record, and every
 * output record was computed with the mapping of the version named in it.
 *
 * <p>Threads: {@link #process} runs on the pipeline's thread (one call at a time); {@link #status()} may be read by
 * any thread.
 */
final class InferenceStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceStage.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final long STATUS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final TypedValue TRUE = TypedValue.ofBoolean(true);
    private static final TypedValue FALSE = TypedValue.ofBoolean(false);

    private final StageSettings s;
    private final InferenceEngine engine;
    private final DriftEventSink sink;
    private final LongSupplier nanoClock;
    private final Consumer<InferenceStage> onClose;
    private final ThrottledWarning skipped;
    /** With a delayed ground truth: the predictions waiting for it; else {@code null}. */
    private final @Nullable PendingLabels pending;
    private final ThrottledWarning unmatchedLabels;
    private long labelled;

    private @Nullable ModelBinding binding;
    private @Nullable DriftTracker tracker;
    private long lastStatusNanos;
    /** The binding changed: refresh the status after this record whatever the time. */
    private boolean statusStale;
    private volatile DriftStatus status;

    InferenceStage(StageSettings settings, InferenceEngine engine, DriftEventSink sink, LongSupplier nanoClock,
            Consumer<InferenceStage> onClose) {
        this.s = settings;
        this.engine = engine;
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.onClose = onClose;
        this.skipped = new ThrottledWarning(settings.where(),
                "records passed unscored (a feature was missing or not a finite number)", nanoClock);
        this.pending = settings.groundTruthTimeField().isEmpty() ? null
                : new PendingLabels(settings.groundTruthMaxDelayMs(), settings.groundTruthMaxPending());
        this.unmatchedLabels = new ThrottledWarning(settings.where(), "delayed labels matched no waiting prediction "
                + "(never scored, labelled already, older than groundTruthMaxDelayMs or scored by another version)",
                nanoClock);
        this.status = idleStatus("", -1);
        this.lastStatusNanos = nanoClock.getAsLong() - STATUS_INTERVAL_NANOS;
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        Record result;
        try {
            result = score(record);
        } catch (RuntimeException e) {
            throw new StageException(s.where() + ": model '" + s.model() + "': " + e, e);
        }
        out.emit(result);
    }

    private Record score(Record record) throws StageException {
        ModelBinding b = binding;
        if (b == null) {
            Model active = engine.model(s.model());
            if (active == null) {
                throw new StageException(s.where() + ": model '" + s.model() + "' is not loaded");
            }
            b = rebind(active.descriptor(), record.timestamp());
        }
        boolean labelRecord = pending != null && delayedLabel(record);
        for (int attempt = 1;; attempt++) {
            String problem = readFeatures(b, record);
            if (problem != null && labelRecord) {
                return record; // it brought a label and nothing to score: passed on as it is
            }
            if (problem != null) {
                if (s.deadLetterMissing()) {
                    throw new StageException(s.where() + ": " + problem);
                }
                skipped.occurred(problem);
                refreshStatus(record.timestamp(), false);
                return record;
            }
            InferenceResult r;
            try {
                r = engine.run(s.model(), b.inputs());
            } catch (InferenceException e) {
                Model active = engine.model(s.model());
                if (attempt < MAX_ATTEMPTS && active != null && !b.matches(active.descriptor())) {
                    b = rebind(active.descriptor(), record.timestamp());
                    continue;
                }
                throw new StageException(s.where() + ": model '" + s.model() + "' version " + b.version + ": "
                        + e.getMessage(), e);
            }
            if (b.matches(r.model())) {
                return output(b, r, record);
            }
            // another version answered: run again with that version's mapping
            b = rebind(r.model(), record.timestamp());
            if (attempt == MAX_ATTEMPTS) {
                throw new StageException(s.where() + ": model '" + s.model() + "' changed version during each of "
                        + MAX_ATTEMPTS + " attempts");
            }
        }
    }

    /** @return why the record cannot be scored, or {@code null} with {@code b.values} filled */
    private static @Nullable String readFeatures(ModelBinding b, Record record) {
        String[] features = b.features;
        double[] values = b.values;
        for (int i = 0; i < features.length; i++) {
            TypedValue v = record.value(features[i]);
            if (v == null) {
                return "feature '" + features[i] + "' is missing";
            }
            DataType type = v.type();
            if (!type.isNumeric()) {
                return "feature '" + features[i] + "' is " + type + ", expected a number";
            }
            double x = type == DataType.DOUBLE ? v.doubleValue() : v.asDouble();
            if (!Double.isFinite(x)) {
                return "feature '" + features[i] + "' is " + x;
            }
            values[i] = x;
        }
        return null;
    }

    private Record output(ModelBinding b, InferenceResult r, Record record) throws StageException {
        Tensor scores = r.outputs().get(b.scoreOutput);
        if (scores == null) {
            throw new StageException(s.where() + ": model " + b.label + " returned no output '" + b.scoreOutput + "'");
        }
        double[] columns = numbers(b, b.scoreOutput, scores);
        if (b.scoreIndex >= columns.length) {
            throw new StageException(s.where() + ": model " + b.label + ": output '" + b.scoreOutput + "' has "
                    + columns.length + " elements, no column " + b.scoreIndex);
        }
        double score = columns[b.scoreIndex];
        boolean predicted = score >= b.threshold;
        Record.Builder out = record.toBuilder().put(s.scoreField(), score);
        if (!s.labelField().isEmpty()) {
            out.put(s.labelField(), predicted ? TRUE : FALSE);
        }
        String[] labels = b.labels;
        if (!s.predictionField().isEmpty() && labels != null) {
            out.put(s.predictionField(), prediction(b, labels, columns, predicted));
        }
        if (!s.versionField().isEmpty()) {
            out.put(s.versionField(), b.label);
        }
        if (!s.outputPrefix().isEmpty()) {
            appendOutputs(b, r, out);
        }
        PendingLabels p = pending;
        int truth;
        if (p == null) {
            truth = truth(record);
        } else {
            truth = -1; // its truth, if any, comes later
            p.put(record.timestamp(), predicted);
        }
        Record result = out.build();
        DriftTracker t = tracker;
        if (t != null) {
            DriftAlarm.Transition transition = t.update(record.timestamp(), score, truth, predicted);
            if (transition != null) {
                post(t, transition, record.timestamp(), DriftEvents.REASON_RECOVERED);
            }
            refreshStatus(record.timestamp(), transition != null);
        } else {
            refreshStatus(record.timestamp(), false);
        }
        return result;
    }

    private String prediction(ModelBinding b, String[] labels, double[] columns, boolean predicted)
            throws StageException {
        if (columns.length == labels.length) {
            int best = 0;
            for (int i = 1; i < columns.length; i++) {
                if (columns[i] > columns[best]) {
                    best = i;
                }
            }
            return labels[best];
        }
        if (columns.length == 1 && labels.length == 2) {
            return labels[predicted ? 1 : 0];
        }
        throw new StageException(s.where() + ": model " + b.label + ": output '" + b.scoreOutput + "' has "
                + columns.length + " columns for " + labels.length + " labels");
    }

    private void appendOutputs(ModelBinding b, InferenceResult r, Record.Builder out) throws StageException {
        for (Map.Entry<String, Tensor> e : r.outputs().entrySet()) {
            Tensor t = e.getValue();
            String[] names = b.outputFields(s.outputPrefix(), e.getKey(), t.size());
            if (t.type() == ElementType.STRING) {
                String[] strings = t.toStringArray();
                for (int i = 0; i < strings.length; i++) {
                    out.put(names[i], strings[i]);
                }
            } else {
                double[] v = numbers(b, e.getKey(), t);
                for (int i = 0; i < v.length; i++) {
                    out.put(names[i], v[i]);
                }
            }
        }
    }

    /** @return the elements of a numeric tensor as doubles (BOOL as 0/1) */
    private double[] numbers(ModelBinding b, String name, Tensor t) throws StageException {
        int n = t.size();
        double[] v = new double[n];
        switch (t.type()) {
            case FLOAT -> {
                FloatBuffer f = t.floatBuffer();
                for (int i = 0; i < n; i++) {
                    v[i] = f.get(i);
                }
            }
            case DOUBLE -> t.doubleBuffer().get(0, v);
            case INT32 -> {
                IntBuffer f = t.intBuffer();
                for (int i = 0; i < n; i++) {
                    v[i] = f.get(i);
                }
            }
            case INT64 -> {
                LongBuffer f = t.longBuffer();
                for (int i = 0; i < n; i++) {
                    v[i] = f.get(i);
                }
            }
            case BOOL -> {
                boolean[] f = t.toBooleanArray();
                for (int i = 0; i < n; i++) {
                    v[i] = f[i] ? 1 : 0;
                }
            }
            default -> throw new StageException(s.where() + ": model " + b.label + ": output '" + name + "' is "
                    + t.type() + ", expected numbers");
        }
        return v;
    }

    /**
     * With a delayed ground truth: if the record carries a label for an earlier record (the time field and the truth),
     * matches it with that record's prediction and adds it to the error window.
     *
     * @return whether the record carries a delayed label (matched or not)
     */
    private boolean delayedLabel(Record record) {
        TypedValue at = record.value(s.groundTruthTimeField());
        if (at == null) {
            return false;
        }
        int truth = truth(record);
        if (!at.type().isNumeric() || !Double.isFinite(at.asDouble()) || truth < 0) {
            unmatchedLabels.occurred("field '" + s.groundTruthTimeField() + "' is " + at + ", '"
                    + s.groundTruthField() + "' is " + record.value(s.groundTruthField()));
            return true;
        }
        PendingLabels p = Objects.requireNonNull(pending);
        Boolean predicted = p.take((long) at.asDouble(), record.timestamp());
        if (predicted == null) {
            unmatchedLabels.occurred("no prediction waits for the record at " + (long) at.asDouble());
            return true;
        }
        labelled++;
        DriftTracker t = tracker;
        if (t != null) {
            DriftAlarm.Transition transition = t.label(record.timestamp(), predicted, truth);
            if (transition != null) {
                post(t, transition, record.timestamp(), DriftEvents.REASON_RECOVERED);
            }
            refreshStatus(record.timestamp(), transition != null);
        }
        return true;
    }

    /** @return delayed labels matched with their prediction so far */
    long labelled() {
        return labelled;
    }

    /** @return delayed labels that matched no waiting prediction so far */
    long unmatchedLabels() {
        return unmatchedLabels.count();
    }

    /** @return predictions dropped without their delayed label so far (too old, too many, another version) */
    long expiredPredictions() {
        PendingLabels p = pending;
        return p == null ? 0 : p.expired();
    }

    /** @return 1 if the record's ground truth is positive, 0 if negative, -1 if not configured or not usable */
    private int truth(Record record) {
        if (s.groundTruthField().isEmpty()) {
            return -1;
        }
        TypedValue v = record.value(s.groundTruthField());
        if (v == null) {
            return -1;
        }
        if (v.type() == DataType.BOOLEAN) {
            return v.booleanValue() ? 1 : 0;
        }
        if (!v.type().isNumeric()) {
            return -1;
        }
        double x = v.asDouble();
        return Double.isNaN(x) ? -1 : x > 0.5 ? 1 : 0;
    }

    /** Binds another model version: a new mapping and fresh drift windows; an ongoing drift is cleared. */
    private ModelBinding rebind(ModelDescriptor d, long timestamp) throws StageException {
        ModelBinding next;
        try {
            next = ModelBinding.of(d, s);
        } catch (BindingException e) {
            throw new StageException(s.where() + ": " + e.getMessage());
        }
        ModelBinding previous = binding;
        DriftTracker old = tracker;
        if (old != null) {
            DriftAlarm.Transition t = old.abandon();
            if (t != null) {
                post(old, t, timestamp, DriftEvents.REASON_MODEL_CHANGED);
            }
        }
        binding = next;
        tracker = s.statistic() == null ? null : DriftTracker.create(s, next);
        PendingLabels p = pending;
        if (p != null) {
            p.clear(); // the earlier version's predictions are not this version's errors
        }
        LOG.info("{}: scoring with model {}{}", s.where(), next.label,
                previous == null ? "" : " (was " + previous.label + "); drift windows restart");
        statusStale = true;
        return next;
    }

    private void post(DriftTracker t, DriftAlarm.Transition transition, long timestamp, String reason) {
        String topic = transition.cleared() ? DriftEvents.TOPIC_DRIFT_CLEARED : DriftEvents.TOPIC_DRIFT;
        Map<String, Object> properties = t.eventProperties(transition, timestamp, reason);
        if (transition.cleared()) {
            LOG.info("{}: drift of model {}@{} cleared ({}): {}", s.where(), s.model(),
                    properties.get(DriftEvents.MODEL_VERSION), reason, properties.get(DriftEvents.STATISTICS));
        } else {
            LOG.warn("{}: drift of model {}@{} in {} since {}: {}", s.where(), s.model(),
                    properties.get(DriftEvents.MODEL_VERSION), List.of((String[]) properties.get(DriftEvents.FEATURES)),
                    transition.since(), properties.get(DriftEvents.STATISTICS));
        }
        sink.post(topic, properties);
    }

    private void refreshStatus(long timestamp, boolean force) {
        long now = nanoClock.getAsLong();
        if (!force && !statusStale && now - lastStatusNanos < STATUS_INTERVAL_NANOS) {
            return;
        }
        lastStatusNanos = now;
        statusStale = false;
        DriftTracker t = tracker;
        ModelBinding b = binding;
        status = t != null ? t.status(timestamp, skipped.count()) : idleStatus(b == null ? "" : b.version, timestamp);
    }

    private DriftStatus idleStatus(String version, long timestamp) {
        DriftStatistic statistic = s.statistic();
        return new DriftStatus(s.pipelineName(), s.stageId(), s.model(), version,
                statistic == null ? "none" : statistic.label(), s.threshold(), s.window(), 0, timestamp, Map.of(),
                List.of(), -1, skipped.count());
    }

    /** @return the latest status snapshot; any thread */
    DriftStatus status() {
        return status;
    }

    /** @return the node's settings */
    StageSettings settings() {
        return s;
    }

    /** @return the drift tracker of the bound version, {@code null} before the first record or with drift off */
    @Nullable
    DriftTracker tracker() {
        return tracker;
    }

    @Override
    public void close() {
        onClose.accept(this);
    }
}
