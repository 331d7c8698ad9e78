// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static io.weir.pipeline.inference.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.inference.ModelDescriptor;
import io.weir.pipeline.inference.DriftEvents;
import io.weir.pipeline.inference.DriftStatus;
import io.weir.pipeline.inference.fake.FakeEngine;

/** Drift detection through the stage: windows, statistics, sustain timing on record time, events. */
class DriftDetectionTest {

    private static final double EPS = BinnedWindow.EPSILON;
    /** PSI of a window entirely in one of five bins of 0.2 each. */
    private static final double PSI_ONE_BIN = 4 * (EPS - 0.2) * Math.log(EPS / 0.2) + 0.8 * Math.log(5);

    /**
     * Features a and b, raw (no normalisation), each with the reference "uniform over five bins":
     * edges 0, 1, 2, 3 and fractions 0.2 each, i.e. bins (-inf, 0), [0, 1), [1, 2), [2, 3), [3, +inf).
     * The score is b / 10; {@code extra} adds metadata.
     */
    private static ModelDescriptor model(String version, String... extra) {
        List<String> md = new ArrayList<>(List.of("input.features", "a,b", "reference.a.edges", "0,1,2,3",
                "reference.a.fractions", "0.2,0.2,0.2,0.2,0.2", "reference.b.edges", "0,1,2,3",
                "reference.b.fractions", "0.2,0.2,0.2,0.2,0.2"));
        md.addAll(List.of(extra));
        return FakeEngine.descriptor("vib", version, List.of("input:FLOAT:-1x2"), List.of("score:FLOAT:-1x1"),
                md.toArray(new String[0]));
    }

    private static FakeEngine.Computation bOverTen() {
        return FakeEngine.rowFunction("score", x -> new double[] {x[1] / 10});
    }

    /** A value in bin {@code i} of the uniform reference (the middle of [i-1, i)). */
    private static double inBin(int i) {
        return i - 0.5;
    }

    private final FakeEngine engine = new FakeEngine().activate(model("1.0.0"), bOverTen());
    private final Collector out = new Collector();
    private final AtomicLong nanos = new AtomicLong();

    private InferenceStage stage(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("model", "vib");
        m.put("normalize", false);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new InferenceStage(StageSettings.read(TestContext.of(m)), engine, out, nanos::get, s -> { });
    }

    @Test
    void driftIsReportedExactlyAfterTheSustainTimeOnRecordTimestamps() throws Exception {
        // window 50, every 100 ms (record time): a sits in the top bin, b cycles through all five bins
        InferenceStage s = stage("driftWindow", 50, "driftSustainMs", 10_000);
        int i = 0;
        for (; i < 149; i++) {
            out.one(s, rec(i * 100L, "a", inBin(4), "b", inBin(i % 5)));
        }
        // the first statistic needs 50 samples (t = 4900); 10 s later is t = 14900, not yet reached
        assertThat(out.events).isEmpty();
        assertThat(s.tracker().value("a")).isCloseTo(PSI_ONE_BIN, within(1e-9)).isCloseTo(7.365232, within(1e-6));
        assertThat(s.tracker().value("b")).isCloseTo(0.0, within(1e-12));
        out.one(s, rec(i * 100L, "a", inBin(4), "b", inBin(i % 5)));
        assertThat(out.events).hasSize(1);
        Collector.Posted drift = out.events.get(0);
        assertThat(drift.topic()).isEqualTo(DriftEvents.TOPIC_DRIFT);
        Map<String, Object> p = drift.properties();
        assertThat(p).containsEntry(DriftEvents.MODEL_NAME, "vib").containsEntry(DriftEvents.MODEL_VERSION, "1.0.0")
                .containsEntry(DriftEvents.PIPELINE, "p").containsEntry(DriftEvents.STAGE, "s1")
                .containsEntry(DriftEvents.STATISTIC, "psi").containsEntry(DriftEvents.THRESHOLD, 0.25)
                .containsEntry(DriftEvents.WINDOW, 50).containsEntry(DriftEvents.SINCE, 4900L)
                .containsEntry(DriftEvents.TIMESTAMP, 14_900L).doesNotContainKey(DriftEvents.REASON)
                .doesNotContainKey(DriftEvents.ERROR_THRESHOLD);
        assertThat((String[]) p.get(DriftEvents.FEATURES)).containsExactly("a");
        assertThat((double[]) p.get(DriftEvents.VALUES)).containsExactly(new double[] {PSI_ONE_BIN}, within(1e-9));
        assertThat(p.get(DriftEvents.STATISTICS)).isEqualTo("a=7.3652,b=0.0000");

        DriftStatus status = s.status();
        assertThat(status.since()).isEqualTo(4900);
        assertThat(status.drifting()).containsExactly("a");
        assertThat(status.samples()).isEqualTo(50);
        assertThat(status.statistics()).containsOnlyKeys("a", "b");

        // quiet while it persists (the reminder is 10 minutes away)
        for (i++; i < 400; i++) {
            out.one(s, rec(i * 100L, "a", inBin(4), "b", inBin(i % 5)));
        }
        assertThat(out.events).hasSize(1);

        // a returns to the reference: cleared once its PSI is back at or below 0.25, within one window
        int recovered = -1;
        for (int k = 0; k < 50 && out.events.size() == 1; k++, i++) {
            out.one(s, rec(i * 100L, "a", inBin(i % 5), "b", inBin(i % 5)));
            recovered = k;
        }
        assertThat(out.events).hasSize(2);
        assertThat(recovered).isBetween(1, 49);
        Collector.Posted cleared = out.events.get(1);
        assertThat(cleared.topic()).isEqualTo(DriftEvents.TOPIC_DRIFT_CLEARED);
        assertThat(cleared.properties()).containsEntry(DriftEvents.REASON, DriftEvents.REASON_RECOVERED)
                .containsEntry(DriftEvents.SINCE, 4900L).containsEntry(DriftEvents.TIMESTAMP, (i - 1) * 100L);
        assertThat((String[]) cleared.properties().get(DriftEvents.FEATURES)).containsExactly("a");
        assertThat(((double[]) cleared.properties().get(DriftEvents.VALUES))[0]).isLessThanOrEqualTo(0.25);
        assertThat(s.status().since()).isEqualTo(-1);
        assertThat(s.status().drifting()).isEmpty();
    }

    @Test
    void aStationarySignalDrawnFromTheReferenceNeverFires() throws Exception {
        // defaults: window 500, PSI 0.25, sustain 60 s; 10 minutes at 10 samples/s from the reference distribution
        InferenceStage s = stage();
        Random random = new Random(42);
        double maxA = 0;
        for (int i = 0; i < 6000; i++) {
            double a = random.nextInt(5) - 1 + random.nextDouble();
            double b = random.nextInt(5) - 1 + random.nextDouble();
            out.one(s, rec(1_700_000_000_000L + i * 100L, "a", a, "b", b));
            if (i >= 499) {
                maxA = Math.max(maxA, s.tracker().value("a"));
            }
        }
        assertThat(out.events).isEmpty();
        // sampling noise of a 500-sample window over 5 bins is about (bins - 1) / N = 0.008
        assertThat(maxA).isLessThan(0.05);
    }

    @Test
    void theSameRecordsAtAnotherPaceFireAtTheSameRecordTime() throws Exception {
        // record time decides, not the number of records: 1 record per second, sustain 60 s
        InferenceStage s = stage("driftWindow", 10, "driftSustainMs", 60_000);
        long fired = -1;
        for (int i = 0; i < 200 && fired < 0; i++) {
            out.one(s, rec(i * 1000L, "a", inBin(0), "b", inBin(i % 5)));
            if (!out.events.isEmpty()) {
                fired = i * 1000L;
            }
        }
        // statistic from the 10th record (t = 9 s), sustained 60 s later
        assertThat(fired).isEqualTo(69_000L);
    }

    @Test
    void ksUsesTheLargestCdfGapAtTheReferenceEdges() throws Exception {
        InferenceStage s = stage("driftStatistic", "ks", "driftWindow", 10, "driftSustainMs", 0);
        for (int i = 0; i < 10; i++) {
            out.one(s, rec(i, "a", inBin(4), "b", inBin(i % 5)));
        }
        // window CDF at the edges 0, 1, 2, 3 is 0; the reference's is 0.2, 0.4, 0.6, 0.8
        assertThat(out.events).hasSize(1);
        Map<String, Object> p = out.events.get(0).properties();
        assertThat(p).containsEntry(DriftEvents.STATISTIC, "ks").containsEntry(DriftEvents.THRESHOLD, 0.1);
        assertThat((double[]) p.get(DriftEvents.VALUES)).containsExactly(new double[] {0.8}, within(1e-12));
        assertThat(p.get(DriftEvents.STATISTICS)).isEqualTo("a=0.8000,b=0.0000");
    }

    @Test
    void scoreDriftIsMeasuredAgainstTheScoreReference() throws Exception {
        // the reference says 90 % of scores are below 0.5; this model scores 0.9 (b = 9) every time
        engine.activate(model("1.0.0", "reference.score.edges", "0.5", "reference.score.fractions", "0.9,0.1"),
                bOverTen());
        InferenceStage s = stage("driftWindow", 10, "driftSustainMs", 0, "features", List.of("a", "c"));
        for (int i = 0; i < 10; i++) {
            out.one(s, rec(i, "a", inBin(i % 5), "c", 9.0));
        }
        assertThat(out.events).hasSize(1);
        Map<String, Object> p = out.events.get(0).properties();
        assertThat((String[]) p.get(DriftEvents.FEATURES)).containsExactly("c", "score");
        double scorePsi = (EPS - 0.9) * Math.log(EPS / 0.9) + (1 - 0.1) * Math.log(1 / 0.1);
        assertThat(((double[]) p.get(DriftEvents.VALUES))[1]).isCloseTo(scorePsi, within(1e-9));
        // configured feature c takes the model's reference of column b
        assertThat(s.status().statistics()).containsOnlyKeys("a", "c", "score");
    }

    @Test
    void predictionErrorDriftComparesTheRollingErrorRateWithTheEvaluatedOne() throws Exception {
        // eval.accuracy 0.9: reference error 0.1; scores (b / 10 < 0.35) are all predicted negative
        engine.activate(model("1.0.0", "eval.accuracy", "0.9"), bOverTen());
        InferenceStage s = stage("driftWindow", 10, "driftSustainMs", 0, "groundTruthField", "anomaly_max",
                "errorThreshold", 0.5);
        for (int i = 0; i < 20; i++) {
            // a and b follow the reference; the truth is present on every other record only
            Object[] values = i % 2 == 0 ? new Object[] {"a", inBin(i % 5), "b", inBin(i % 5), "anomaly_max", 0.0}
                    : new Object[] {"a", inBin(i % 5), "b", inBin(i % 5)};
            out.one(s, rec(i, values));
        }
        assertThat(s.tracker().names()).containsExactly("a", "b", "error");
        // the labelled records: 0, 2, ..., 18 with b = inBin(i % 5) -> score = b / 10 < 0.5: predicted negative,
        // truth negative: no errors yet
        assertThat(s.tracker().value("error")).isCloseTo(0 - 0.1, within(1e-12));
        assertThat(out.events).isEmpty();
        // positives predicted negative: after 6 of them the rate is 0.6, a rise of 0.5 (not above); the 7th fires
        for (int i = 20; i < 26; i++) {
            out.one(s, rec(i, "a", inBin(i % 5), "b", inBin(i % 5), "anomaly_max", true));
        }
        assertThat(s.tracker().value("error")).isCloseTo(0.5, within(1e-12));
        assertThat(out.events).isEmpty();
        out.one(s, rec(26, "a", inBin(1), "b", inBin(1), "anomaly_max", true));
        assertThat(out.events).hasSize(1);
        Map<String, Object> p = out.events.get(0).properties();
        assertThat((String[]) p.get(DriftEvents.FEATURES)).containsExactly("error");
        assertThat((double[]) p.get(DriftEvents.VALUES)).containsExactly(new double[] {0.6}, within(1e-12));
        assertThat(p).containsEntry(DriftEvents.ERROR_THRESHOLD, 0.5);
    }

    @Test
    void aGroundTruthThatArrivesLaterLabelsThePredictionOfTheRecordItNames() throws Exception {
        // eval.accuracy 0.9: reference error 0.1; every score (b / 10 < 0.35) is predicted negative
        engine.activate(model("1.0.0", "eval.accuracy", "0.9"), bOverTen());
        InferenceStage s = stage("driftWindow", 10, "driftSustainMs", 0, "groundTruthField", "label",
                "groundTruthTimeField", "label_for", "errorThreshold", 0.5);
        for (int i = 0; i < 20; i++) {
            // a label in a scored record is for a later join only: this record's own truth is not taken
            out.one(s, rec(i, "a", inBin(i % 5), "b", inBin(i % 5), "label", true));
        }
        assertThat(s.tracker().names()).containsExactly("a", "b", "error");
        assertThat(s.tracker().value("error")).isNaN();
        // the inspection results arrive later, in records of their own: passed on untouched, not scored
        for (int i = 0; i < 10; i++) {
            Record label = rec(100 + i, "label_for", (long) i, "label", false);
            assertThat(out.one(s, label)).isEqualTo(label);
        }
        assertThat(engine.calls()).hasSize(20);
        assertThat(s.labelled()).isEqualTo(10);
        assertThat(s.tracker().value("error")).isCloseTo(0 - 0.1, within(1e-12)); // 10 right answers
        // positives that were predicted negative: after 6 the rate is 0.6, a rise of 0.5 (not above); the 7th fires
        for (int i = 10; i < 16; i++) {
            out.one(s, rec(100 + i, "label_for", (long) i, "label", 1.0));
        }
        assertThat(s.tracker().value("error")).isCloseTo(0.5, within(1e-12));
        assertThat(out.events).isEmpty();
        out.one(s, rec(116, "label_for", 16L, "label", true));
        assertThat(out.events).hasSize(1);
        Map<String, Object> p = out.events.get(0).properties();
        assertThat((String[]) p.get(DriftEvents.FEATURES)).containsExactly("error");
        assertThat((double[]) p.get(DriftEvents.VALUES)).containsExactly(new double[] {0.6}, within(1e-12));
        assertThat(p).containsEntry(DriftEvents.TIMESTAMP, 116L);

        // labels that match nothing: a record never scored, one labelled already, a time that is not a number
        out.one(s, rec(117, "label_for", 999L, "label", true));
        out.one(s, rec(118, "label_for", 3L, "label", true));
        out.one(s, rec(119, "label_for", "yesterday", "label", true));
        assertThat(s.unmatchedLabels()).isEqualTo(3);
        assertThat(s.labelled()).isEqualTo(17);
        assertThat(s.tracker().value("error")).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void predictionsWaitForTheirLabelOnlySoLongAndOnlyForTheirVersion() throws Exception {
        engine.activate(model("1.0.0", "eval.accuracy", "0.9"), bOverTen());
        InferenceStage s = stage("driftWindow", 10, "groundTruthField", "label", "groundTruthTimeField", "label_for",
                "groundTruthMaxDelayMs", 50, "groundTruthMaxPending", 5);
        for (int i = 0; i < 8; i++) { // only the last 5 wait
            out.one(s, rec(i * 10L, "a", inBin(1), "b", inBin(1)));
        }
        assertThat(s.expiredPredictions()).isEqualTo(3); // 0, 10, 20 went; 30 .. 70 wait
        out.one(s, rec(85, "label_for", 30L, "label", true)); // 30 is 55 ms old by now: gone
        assertThat(s.labelled()).isZero();
        assertThat(s.unmatchedLabels()).isEqualTo(1);
        assertThat(s.expiredPredictions()).isEqualTo(4);
        out.one(s, rec(86, "label_for", 40L, "label", true)); // 46 ms old: in time
        assertThat(s.labelled()).isEqualTo(1);
        // another version scores now: the 3 still waiting (50, 60, 70) are not its predictions
        engine.activate(model("1.1.0", "eval.accuracy", "0.9"), bOverTen());
        out.one(s, rec(87, "a", inBin(1), "b", inBin(1)));
        assertThat(s.expiredPredictions()).isEqualTo(4 + 3);
        out.one(s, rec(88, "label_for", 50L, "label", true));
        assertThat(s.unmatchedLabels()).isEqualTo(2);
        out.one(s, rec(89, "label_for", 87L, "label", true));
        assertThat(s.labelled()).isEqualTo(2);
    }

    @Test
    void aModelVersionChangeClearsTheReportedDriftAndRestartsTheWindows() throws Exception {
        InferenceStage s = stage("driftWindow", 10, "driftSustainMs", 0);
        for (int i = 0; i < 10; i++) {
            out.one(s, rec(i, "a", inBin(4), "b", inBin(i % 5)));
        }
        assertThat(out.events).hasSize(1);
        engine.activate(model("1.1.0"), bOverTen());
        out.one(s, rec(10, "a", inBin(4), "b", inBin(0)));
        assertThat(out.events).hasSize(2);
        Collector.Posted cleared = out.events.get(1);
        assertThat(cleared.topic()).isEqualTo(DriftEvents.TOPIC_DRIFT_CLEARED);
        assertThat(cleared.properties()).containsEntry(DriftEvents.REASON, DriftEvents.REASON_MODEL_CHANGED)
                .containsEntry(DriftEvents.MODEL_VERSION, "1.0.0").containsEntry(DriftEvents.TIMESTAMP, 10L);
        DriftStatus status = s.status();
        assertThat(status.modelVersion()).isEqualTo("1.1.0");
        assertThat(status.samples()).isEqualTo(1);
        assertThat(status.statistics().get("a")).isNaN();
        // the new version's windows fill again before anything is reported
        for (int i = 11; i < 19; i++) {
            out.one(s, rec(i, "a", inBin(4), "b", inBin(i % 5)));
        }
        assertThat(out.events).hasSize(2);
        out.one(s, rec(19, "a", inBin(4), "b", inBin(4)));
        assertThat(out.events).hasSize(3);
        assertThat(out.events.get(2).properties()).containsEntry(DriftEvents.MODEL_VERSION, "1.1.0");
    }

    @Test
    void featuresWithoutAReferenceAreNotMonitored() throws Exception {
        engine.activate(FakeEngine.descriptor("vib", "1.0.0", List.of("input:FLOAT:-1x2"), List.of("score:FLOAT:-1x1"),
                "input.features", "a,b", "reference.a.edges", "0", "reference.a.fractions", "0.5,0.5",
                "reference.b.edges", "1,0", "reference.b.fractions", "0.2,0.3,0.5"), bOverTen());
        InferenceStage s = stage("driftWindow", 10);
        out.one(s, rec(0, "a", 1.0, "b", 1.0));
        // b's edges are not ascending: skipped (logged) like a feature without reference
        assertThat(s.tracker().names()).containsExactly("a");
    }

    @Test
    void statusSnapshotsAreRefreshedAtMostOnceASecondOfWallTime() throws Exception {
        InferenceStage s = stage("driftWindow", 10, "driftSustainMs", 3_600_000);
        out.one(s, rec(0, "a", inBin(4), "b", inBin(0))); // binds: refreshed
        assertThat(s.status().samples()).isEqualTo(1);
        for (int i = 1; i < 10; i++) {
            out.one(s, rec(i, "a", inBin(4), "b", inBin(i % 5)));
        }
        assertThat(s.status().samples()).isEqualTo(1);
        nanos.addAndGet(1_000_000_000L);
        out.one(s, rec(10, "a", inBin(4), "b", inBin(0)));
        assertThat(s.status().samples()).isEqualTo(10);
        assertThat(s.status().timestamp()).isEqualTo(10);
        assertThat(s.status().statistics().get("a")).isCloseTo(PSI_ONE_BIN, within(1e-9));
    }
}
