// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.ConnectionStatus;
import io.weir.cloud.QoS;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.OffloadRequest;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.Task;

/** The target against hand-made fakes of the connector: correlation, timeouts, refusals, results, estimates. */
class CloudOffloadTargetTest {

    private static final String SERVICE = "inference/vibration-anomaly";
    private static final long NOW = 1_750_000_000_000L;

    private final Fakes.Publisher publisher = new Fakes.Publisher();
    private final Fakes.Connection connection = new Fakes.Connection();
    private final AtomicLong wall = new AtomicLong(NOW);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private CloudOffloadTarget target = start(Settings.DEFAULTS);

    private CloudOffloadTarget start(Settings s) {
        if (target != null) {
            target.deactivate();
        }
        target = new CloudOffloadTarget(s, publisher, connection, wall::get, nanos::get);
        return target;
    }

    @AfterEach
    void stop() {
        target.deactivate();
    }

    private static Settings settings(boolean enabled, int capacity, int maxPending, int maxPayloadBytes) {
        return new Settings(enabled, capacity, maxPending, maxPayloadBytes, 40, 1.0, 40, 0.2, 3, 5_000, 60_000);
    }

    private static Task task(String id, long deadlineMs) {
        return new Task(id, "inference:vibration-anomaly", 20, 16, Task.PRIORITY_DEFAULT, deadlineMs, true);
    }

    private CompletionStage<byte[]> offload(String taskId, byte[] payload) {
        return target.execute(task(taskId, Task.NO_DEADLINE), new OffloadRequest(SERVICE, payload), 2_000);
    }

    private Response answer(String id, Map<String, TypedValue> metrics, byte[] body) {
        return target.handle(Fakes.result(id, metrics, body), Fakes.CONTEXT);
    }

    private static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stage completed normally");
    }

    private static byte[] value(CompletionStage<byte[]> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private long counter(String name) {
        return Long.parseLong(target.health().details().get(name));
    }

    @Test
    void isTheCloudTargetOfTheConfiguredCapacity() {
        assertThat(target.id()).isEqualTo("cloud");
        assertThat(target.kind()).isEqualTo(TargetKind.CLOUD);
        assertThat(target.capacity()).isEqualTo(8);
        assertThat(target.name()).isEqualTo("scheduler.cloud");
        assertThat(target.available()).isTrue();
    }

    @Test
    void publishesTheRequestExactlyAsOffloadV1Says() {
        CompletionStage<byte[]> s = target.execute(task("t1", NOW + 500), new OffloadRequest(SERVICE,
                new byte[] { 1, 2, 3 }), 2_000);

        assertThat(s.toCompletableFuture()).isNotDone();
        CloudMessage m = publisher.last();
        assertThat(m.topic()).matches("W1/OFFLOAD-V1/[0-9a-f]{8}-[0-9]+");
        assertThat(m.qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(m.priority()).isEqualTo(1);
        assertThat(m.retain()).isFalse();
        assertThat(m.payload().timestamp()).isEqualTo(NOW);
        assertThat(m.payload().metrics().keySet()).containsExactly("request.id", "service", "deadline");
        assertThat(m.payload().metric("request.id").type()).isEqualTo(DataType.STRING);
        assertThat(m.payload().metric("request.id").stringValue()).isEqualTo(publisher.lastId());
        assertThat(m.payload().metric("service")).isEqualTo(TypedValue.ofString(SERVICE));
        // deadline: the task's (now + 500) is before now + timeout
        assertThat(m.payload().metric("deadline")).isEqualTo(TypedValue.ofLong(NOW + 500));
        assertThat(m.payload().body()).containsExactly(1, 2, 3);

        offload("t2", new byte[0]);
        // no task deadline: now + timeout
        assertThat(publisher.last().payload().metric("deadline")).isEqualTo(TypedValue.ofLong(NOW + 2_000));
        assertThat(publisher.lastId()).isNotEqualTo(m.payload().metric("request.id").stringValue());
    }

    @Test
    void resultsCompleteTheirOwnTasksInAnyOrder() throws Exception {
        Set<String> ids = new HashSet<>();
        CompletionStage<byte[]> first = offload("t1", new byte[] { 1 });
        String firstId = publisher.lastId();
        CompletionStage<byte[]> second = offload("t2", new byte[] { 2 });
        String secondId = publisher.lastId();
        ids.add(firstId);
        ids.add(secondId);
        assertThat(ids).hasSize(2);

        assertThat(answer(secondId, Fakes.ok(SERVICE, 1), new byte[] { 20 }).code()).isEqualTo(ResponseCode.OK);
        assertThat(value(second)).containsExactly(20);
        assertThat(first.toCompletableFuture()).isNotDone();
        assertThat(answer(firstId, Fakes.ok(SERVICE, 1), new byte[] { 10 }).code()).isEqualTo(ResponseCode.OK);
        assertThat(value(first)).containsExactly(10);
        assertThat(counter("ok")).isEqualTo(2);
        assertThat(counter("sent")).isEqualTo(2);
        assertThat(counter("inFlight")).isZero();
    }

    @Test
    void anOkResultWithoutBodyIsAnEmptyResult() throws Exception {
        CompletionStage<byte[]> s = offload("t1", new byte[] { 1 });
        assertThat(answer(publisher.lastId(), Map.of("status", TypedValue.ofString("OK")), null).code())
                .isEqualTo(ResponseCode.OK);
        assertThat(value(s)).isEmpty();
    }

    @Test
    void stagesCompleteOnTheTargetsThreadNotOnTheConnectorsRequestThread() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<byte[]> s = offload("t1", new byte[] { 1 }).toCompletableFuture()
                .whenComplete((v, e) -> thread.set(Thread.currentThread().getName()));
        answer(publisher.lastId(), Fakes.ok(SERVICE, 1), new byte[0]);
        s.get(5, TimeUnit.SECONDS);
        assertThat(thread.get()).isEqualTo("weir-scheduler-cloud-results");
    }

    @Test
    void anErrorStatusFailsTheTaskWithTheServicesError() throws Exception {
        CompletionStage<byte[]> s = offload("t1", new byte[] { 1 });
        Response r = answer(publisher.lastId(), Map.of("status", TypedValue.ofString("ERROR"), "error",
                TypedValue.ofString("model not loaded"), "compute.ms", TypedValue.ofDouble(0.5)), null);

        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(failure(s)).isInstanceOf(OffloadException.class)
                .hasMessage("cloud service " + SERVICE + " failed: model not loaded");
        assertThat(counter("errors")).isEqualTo(1);
    }

    @Test
    void aTaskWithoutResultTimesOutAndItsLateResultIsAnswered404() throws Exception {
        CompletionStage<byte[]> s = target.execute(task("t1", Task.NO_DEADLINE), new OffloadRequest(SERVICE,
                new byte[] { 1 }), 50);
        String id = publisher.lastId();

        assertThat(failure(s)).isInstanceOf(TimeoutException.class).hasMessageContaining("50 ms");
        assertThat(counter("timeouts")).isEqualTo(1);
        assertThat(counter("inFlight")).isZero();

        Response late = answer(id, Fakes.ok(SERVICE, 1), new byte[] { 9 });
        assertThat(late.code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(late.exceptionMessage()).contains(id, "already ended");
        assertThat(counter("lateAnswers")).isEqualTo(1);

        Response unknown = answer("deadbeef-1", Fakes.ok(SERVICE, 1), new byte[] { 9 });
        assertThat(unknown.code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(counter("unknownAnswers")).isEqualTo(1);
        assertThat(counter("lateAnswers")).isEqualTo(1);
    }

    @Test
    void aServiceThatStopsAnsweringPausesOffloadingUntilAProbeIsAnswered() throws Exception {
        OffloadRequest req = new OffloadRequest(SERVICE, new byte[] { 1 });
        for (int i = 1; i <= 3; i++) { // three requests in a row without an answer, the connection up
            assertThat(target.available()).isTrue();
            assertThat(failure(target.execute(task("u" + i, Task.NO_DEADLINE), req, 20)))
                    .isInstanceOf(TimeoutException.class);
        }
        assertThat(target.available()).isFalse();
        HealthReport h = target.health();
        assertThat(h.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(h.message()).isEqualTo("the cloud service did not answer the last 3 request(s) in time; "
                + "offloading is paused, next try in 5.0 s; offloadable tasks run locally");
        assertThat(h.details()).containsEntry("service", "OPEN").containsEntry("pausedTimes", "1");
        int sent = publisher.messages.size();
        assertThat(failure(offload("paused", new byte[] { 1 }))).isInstanceOf(OffloadException.class)
                .hasMessageStartingWith("the cloud service did not answer the last 3 request(s) in time");
        assertThat(publisher.messages).hasSize(sent); // refused at once, nothing sent

        // after the pause one request probes the service; it gets no answer either: the next pause is 10 s
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(target.available()).isTrue();
        CompletionStage<byte[]> probe = target.execute(task("probe-1", Task.NO_DEADLINE), req, 20);
        assertThat(publisher.messages).hasSize(sent + 1);
        assertThat(target.available()).as("one probe at a time").isFalse();
        assertThat(failure(offload("during-probe", new byte[] { 1 }))).hasMessageEndingWith(
                "one request is out to see whether it answers again");
        assertThat(failure(probe)).isInstanceOf(TimeoutException.class);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(target.available()).isFalse();
        assertThat(target.health().message()).contains("next try in 5.0 s");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(target.available()).isTrue();

        // the service is back: the probe's answer resumes offloading
        CompletionStage<byte[]> probe2 = offload("probe-2", new byte[] { 1 });
        assertThat(answer(publisher.lastId(), Fakes.ok(SERVICE, 1), new byte[] { 7 }).code())
                .isEqualTo(ResponseCode.OK);
        assertThat(value(probe2)).containsExactly(7);
        assertThat(target.available()).isTrue();
        assertThat(target.health().state()).isEqualTo(HealthState.UP);
        assertThat(target.health().details()).containsEntry("service", "answering").containsEntry("pausedTimes",
                "2");
        // and the count starts again: two more unanswered requests do not pause it
        for (int i = 4; i <= 5; i++) {
            assertThat(failure(target.execute(task("u" + i, Task.NO_DEADLINE), req, 20)))
                    .isInstanceOf(TimeoutException.class);
        }
        assertThat(target.available()).isTrue();
    }

    @Test
    void aSecondResultForTheSameRequestIsLate() throws Exception {
        CompletionStage<byte[]> s = offload("t1", new byte[] { 1 });
        String id = publisher.lastId();
        assertThat(answer(id, Fakes.ok(SERVICE, 1), new byte[] { 1 }).code()).isEqualTo(ResponseCode.OK);
        assertThat(answer(id, Fakes.ok(SERVICE, 1), new byte[] { 2 }).code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(value(s)).containsExactly(1);
        assertThat(counter("lateAnswers")).isEqualTo(1);
    }

    @Test
    void anOversizedPayloadIsRefusedAtOnceAndNotSent() throws Exception {
        start(settings(true, 8, 256, 10));

        CompletionStage<byte[]> big = offload("t1", new byte[11]);
        assertThat(big.toCompletableFuture()).isCompletedExceptionally();
        assertThat(failure(big)).isInstanceOf(OffloadException.class)
                .hasMessage("the offload payload is 11 bytes, above maxPayloadBytes 10");
        assertThat(publisher.messages).isEmpty();
        assertThat(counter("refused")).isEqualTo(1);

        offload("t2", new byte[10]);
        assertThat(publisher.messages).hasSize(1);
    }

    @Test
    void aDisconnectedOrDisabledTargetIsUnavailableAndRefusesAtOnce() throws Exception {
        connection.set(ConnectionState.CONNECTING, "connection refused: broker:8883");
        assertThat(target.available()).isFalse();
        CompletionStage<byte[]> s = offload("t1", new byte[1]);
        assertThat(s.toCompletableFuture()).isCompletedExceptionally();
        assertThat(failure(s)).hasMessage("the cloud connection is CONNECTING (connection refused: broker:8883)");

        connection.set(ConnectionState.CONNECTED, null);
        assertThat(target.available()).isTrue();
        start(settings(false, 8, 256, 1024));
        assertThat(target.available()).isFalse();
        assertThat(failure(offload("t2", new byte[1]))).hasMessageContaining("disabled by configuration");
        assertThat(publisher.messages).isEmpty();
    }

    @Test
    void thePendingMapIsBounded() throws Exception {
        start(settings(true, 2, 2, 1024));
        publisher.mode = Fakes.Mode.HOLD;
        offload("t1", new byte[1]);
        String first = publisher.lastId();
        offload("t2", new byte[1]);

        CompletionStage<byte[]> third = offload("t3", new byte[1]);
        assertThat(third.toCompletableFuture()).isCompletedExceptionally();
        assertThat(failure(third)).hasMessageContaining("too many offloaded tasks in flight");
        assertThat(publisher.messages).hasSize(2);

        answer(first, Fakes.ok(SERVICE, 1), new byte[0]);
        assertThat(offload("t4", new byte[1]).toCompletableFuture()).isNotDone();
        assertThat(publisher.messages).hasSize(3);
    }

    @Test
    void aPublishFailureFailsTheTask() throws Exception {
        publisher.mode = Fakes.Mode.FAIL;
        CompletionStage<byte[]> s = offload("t1", new byte[1]);
        assertThat(failure(s)).isInstanceOf(OffloadException.class)
                .hasMessage("the offload request could not be published: no space left on device");
        assertThat(counter("publishFailures")).isEqualTo(1);
        assertThat(counter("inFlight")).isZero();

        publisher.mode = Fakes.Mode.THROW;
        assertThat(failure(offload("t2", new byte[1]))).hasMessageContaining("publisher exploded");
        assertThat(counter("publishFailures")).isEqualTo(2);
        assertThat(counter("inFlight")).isZero();
    }

    @Test
    void theConnectionGoingDownFailsTheTasksInFlight() throws Exception {
        publisher.mode = Fakes.Mode.HOLD;
        CompletionStage<byte[]> s = offload("t1", new byte[1]);
        String id = publisher.lastId();
        connection.set(ConnectionState.CONNECTING, null);

        assertThat(failure(s)).hasMessage("the cloud connection went CONNECTING while task t1 waited for its result");
        assertThat(counter("lost")).isEqualTo(1);
        assertThat(answer(id, Fakes.ok(SERVICE, 1), null).code()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void stoppingFailsTheTasksInFlightAndRefusesNewOnes() throws Exception {
        publisher.mode = Fakes.Mode.HOLD;
        CompletionStage<byte[]> s = offload("t1", new byte[1]);
        target.deactivate();
        assertThat(failure(s)).hasMessageContaining("stopped");
        assertThat(target.available()).isFalse();
        assertThat(failure(offload("t2", new byte[1]))).hasMessage("the cloud offload target is stopped");
        target.deactivate(); // idempotent
    }

    @Test
    void malformedResultsAreAnswered400AndFailTheirTask() throws Exception {
        List<Map<String, TypedValue>> bad = List.of(
                Map.of("compute.ms", TypedValue.ofDouble(1)),
                Map.of("status", TypedValue.ofInteger(200)),
                Map.of("status", TypedValue.ofString("MAYBE")),
                Map.of("status", TypedValue.ofString("OK"), "compute.ms", TypedValue.ofLong(3)),
                Map.of("status", TypedValue.ofString("OK"), "compute.ms", TypedValue.ofDouble(-1)),
                Map.of("status", TypedValue.ofString("ERROR"), "error", TypedValue.ofBytes(new byte[1])),
                Map.of("status", TypedValue.ofString("OK"), "service", TypedValue.ofString("other/service")));
        List<String> why = List.of("'status' (STRING OK or ERROR) is missing", "'status' must be a STRING, was INTEGER",
                "'status' must be OK or ERROR, was 'MAYBE'", "'compute.ms' must be a DOUBLE, was LONG",
                "'compute.ms' must be finite and >= 0", "'error' must be a STRING, was BYTES",
                "'service' is 'other/service', the request was for '" + SERVICE + "'");
        for (int i = 0; i < bad.size(); i++) {
            CompletionStage<byte[]> s = offload("t" + i, new byte[1]);
            Response r = answer(publisher.lastId(), bad.get(i), new byte[0]);
            assertThat(r.code()).as(bad.get(i).toString()).isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(r.exceptionMessage()).startsWith("malformed OFFLOAD-V1 result: ").contains(why.get(i));
            assertThat(failure(s)).isInstanceOf(OffloadException.class).hasMessageContaining(why.get(i));
        }
        assertThat(counter("malformed")).isEqualTo(bad.size());
        assertThat(counter("inFlight")).isZero();
    }

    @Test
    void onlyPutResultIdIsServed() {
        Map<String, TypedValue> ok = Fakes.ok(SERVICE, 1);
        assertThat(target.handle(Fakes.request(RequestMethod.GET, List.of("result", "x"), ok, null), Fakes.CONTEXT)
                .code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(target.handle(Fakes.request(RequestMethod.PUT, List.of("results", "x"), ok, null), Fakes.CONTEXT)
                .code()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(target.handle(Fakes.request(RequestMethod.PUT, List.of("result"), ok, null), Fakes.CONTEXT)
                .code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(target.handle(Fakes.request(RequestMethod.PUT, List.of("result", "a", "b"), ok, null),
                Fakes.CONTEXT).code()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(target.handle(Fakes.request(RequestMethod.PUT, List.of(), ok, null), Fakes.CONTEXT).code())
                .isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void learnsTheLinkFromRoundTripsMinusComputeTime() throws Exception {
        // alpha 0.5, priors: uplink 30 ms, 2 ms/KiB, downlink 10 ms (the fixed part splits 3:1)
        start(new Settings(true, 8, 256, 1 << 20, 30, 2, 10, 0.5, 3, 5_000, 60_000));
        assertThat(target.linkEstimates()).isEqualTo(new LatencyEstimates(0, 1, 30, 2, 10));

        // 1 KiB, round trip 90 ms, 30 ms computing: link 60 ms; one size so far: slope stays 2, fixed 58
        nanos.set(0);
        offload("t1", new byte[1024]);
        nanos.set(90_000_000L);
        answer(publisher.lastId(), Fakes.ok(SERVICE, 30), new byte[0]);
        LatencyEstimates e = target.linkEstimates();
        assertThat(e.uplinkMs()).isCloseTo(43.5, within(1e-9));
        assertThat(e.uplinkMsPerKiB()).isCloseTo(2, within(1e-9));
        assertThat(e.downlinkMs()).isCloseTo(14.5, within(1e-9));

        // 5 KiB, round trip 150 ms, 50 ms computing: link 100 ms; the line through (1, 60) and (5, 100): 50 + 10/KiB
        nanos.set(1_000_000_000L);
        offload("t2", new byte[5 * 1024]);
        nanos.set(1_150_000_000L);
        answer(publisher.lastId(), Fakes.ok(SERVICE, 50), new byte[0]);
        e = target.linkEstimates();
        assertThat(e.uplinkMs()).isCloseTo(37.5, within(1e-9));
        assertThat(e.uplinkMsPerKiB()).isCloseTo(10, within(1e-9));
        assertThat(e.downlinkMs()).isCloseTo(12.5, within(1e-9));

        // no compute.ms, or more compute than round trip: nothing learned
        offload("t3", new byte[1]);
        answer(publisher.lastId(), Map.of("status", TypedValue.ofString("OK")), new byte[0]);
        offload("t4", new byte[1]);
        answer(publisher.lastId(), Fakes.ok(SERVICE, 5), new byte[0]); // round trip 0 here
        assertThat(target.linkEstimates()).isEqualTo(e);
        assertThat(target.health().details().get("learnedFrom")).isEqualTo("2");
    }

    @Test
    void healthIsUpWhenConnectedAndDegradedWhenNot() throws Exception {
        offload("t1", new byte[1]);
        answer(publisher.lastId(), Fakes.ok(SERVICE, 1), new byte[0]);
        HealthReport up = target.health();
        assertThat(up.state()).isEqualTo(HealthState.UP);
        assertThat(up.details()).containsEntry("connection", "CONNECTED").containsEntry("sent", "1")
                .containsEntry("ok", "1").containsEntry("inFlight", "0").containsEntry("uplinkMs", "40.0")
                .containsKeys("errors", "timeouts", "lateAnswers", "unknownAnswers", "malformed", "refused", "lost",
                        "publishFailures", "learnedFrom", "uplinkMsPerKiB", "downlinkMs");

        connection.set(ConnectionState.DISCONNECTED, null);
        HealthReport down = target.health();
        assertThat(down.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(down.message()).contains("DISCONNECTED", "run locally");

        start(settings(false, 8, 256, 1024));
        assertThat(target.health().state()).isEqualTo(HealthState.UP);
        assertThat(target.health().message()).contains("disabled");
    }

    @Test
    void aConnectionThatThrowsCountsAsDisconnected() {
        CloudOffloadTarget t = new CloudOffloadTarget(Settings.DEFAULTS, publisher, new Fakes.Connection() {
            @Override
            public ConnectionStatus status() {
                throw new IllegalStateException("connector gone");
            }
        }, wall::get, nanos::get);
        try {
            assertThat(t.available()).isFalse();
            assertThat(t.health().state()).isEqualTo(HealthState.DEGRADED);
        } finally {
            t.deactivate();
        }
    }

    @Test
    void invalidConfigurationIsRefusedNamingTheAttribute() {
        assertThatThrownBy(() -> settings(true, 300, 256, 1024)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configuration io.weir.scheduler.cloud: 'capacity' must not exceed maxPending (256), "
                        + "was 300");
        assertThatThrownBy(() -> new Settings(true, 8, 256, 1024, -1, 1, 40, 0.2, 3, 5_000, 60_000))
                .hasMessageContaining("'uplinkMs'");
        assertThatThrownBy(() -> new Settings(true, 8, 256, 1024, 40, Double.NaN, 40, 0.2, 3, 5_000, 60_000))
                .hasMessageContaining("'uplinkMsPerKiB'");
        assertThatThrownBy(() -> new Settings(true, 8, 256, 1024, 40, 1, 40, 0, 3, 5_000, 60_000)).hasMessageContaining("'ewmaAlpha'");
        assertThatThrownBy(() -> settings(true, 8, 0, 1024)).hasMessageContaining("'maxPending'");
        assertThatThrownBy(() -> settings(true, 8, 256, -1)).hasMessageContaining("'maxPayloadBytes'");
    }
}
