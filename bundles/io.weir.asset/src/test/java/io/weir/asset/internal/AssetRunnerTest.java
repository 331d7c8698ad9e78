// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.promise.Promise;

import io.weir.asset.AssetSource;
import io.weir.asset.AssetState;
import io.weir.asset.AssetStatusReason;
import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.data.RecordListener;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/** The runner with a fake driver and its real thread; no framework. */
class AssetRunnerTest {

    private static final String A = "{\"name\":\"a\",\"type\":\"DOUBLE\",\"settings\":{\"address\":2}}";
    private static final String B = "{\"name\":\"b\",\"type\":\"LONG\",\"mode\":\"READ_WRITE\",\"settings\":{\"address\":3}}";
    private static final String W = "{\"name\":\"w\",\"type\":\"BOOLEAN\",\"mode\":\"WRITE\",\"settings\":{\"address\":4}}";

    private final List<AssetRunner> runners = new ArrayList<>();

    @AfterEach
    void closeAll() {
        runners.forEach(AssetRunner::close);
    }

    private AssetRunner runner(long periodMs, String... channels) {
        AssetRunner r = new AssetRunner(AssetSettings.of("io.weir.asset", "pump", "fake-1", channels, periodMs),
                System::currentTimeMillis);
        runners.add(r);
        return r;
    }

    private static Map<String, Object> driverProps(String name, long id) {
        return Map.of("weir.driver.name", name, "service.id", id);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    static final class Collector implements RecordListener {
        final List<Record> records = new CopyOnWriteArrayList<>();

        @Override
        public void onRecords(RecordBatch batch) {
            records.addAll(batch.records());
        }
    }

    @Test
    void withoutItsDriverTheAssetIsOfflineAndComesOnlineWhenItArrives() throws Exception {
        AssetRunner r = runner(20, A, B);
        Collector c = new Collector();
        r.listenerBound(c, Map.of(AssetSource.PROPERTY, "pump"));
        r.driverBound(new FakeDriver(), driverProps("other", 1)); // a driver with another name is ignored
        r.start();
        await(() -> r.status().state() == AssetState.OFFLINE, "OFFLINE");
        assertThat(r.status().reason()).isEqualTo(AssetStatusReason.DRIVER_MISSING);
        assertThat(r.status().message()).isEqualTo("driver fake-1 not available");
        assertThat(c.records).isEmpty();

        FakeDriver d = new FakeDriver();
        r.driverBound(d, driverProps("fake-1", 2));
        await(() -> c.records.size() >= 3, "three records");
        assertThat(r.status().state()).isEqualTo(AssetState.ONLINE);
        assertThat(r.boundDriver()).isEqualTo("fake-1");
        Record rec = c.records.get(0);
        assertThat(rec.source()).isEqualTo("pump");
        assertThat(List.copyOf(rec.values().keySet())).containsExactly("a", "b");
        assertThat(rec.value("a")).isEqualTo(TypedValue.ofDouble(3.0));
        assertThat(rec.value("b")).isEqualTo(TypedValue.ofLong(3));
        assertThat(r.channels().get(0).setting("address")).as("typed by the driver's descriptor")
                .isEqualTo(TypedValue.ofInteger(2));

        r.driverUnbound(d);
        await(() -> r.status().state() == AssetState.OFFLINE, "OFFLINE again");
        int reads = d.reads.get();
        assertThat(r.status().reason()).isEqualTo(AssetStatusReason.DRIVER_MISSING);
        Thread.sleep(100); // five periods: a stopped sampler must not read any more
        assertThat(d.reads.get()).isEqualTo(reads);
    }

    @Test
    void partialFailuresStayOnlineAndTotalCommunicationFailureIsOfflineWithoutRecords() throws Exception {
        AssetRunner r = runner(10, A, B);
        Collector c = new Collector();
        r.listenerBound(c, Map.of(AssetSource.PROPERTY, new String[] {"x", "pump"}));
        FakeDriver d = new FakeDriver();
        d.answer = ch -> ch.name().equals("b")
                ? ChannelResult.error("b", DriverStatus.error(StatusCode.DEVICE_ERROR, "illegal address"), 1)
                : ChannelResult.ok(ch.name(), FakeDriver.valueFor(ch), 1);
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> r.status().reason() == AssetStatusReason.CHANNEL_ERROR, "CHANNEL_ERROR");
        assertThat(r.status().state()).isEqualTo(AssetState.ONLINE);
        assertThat(r.status().message()).isEqualTo("1 of 2 channels failing: b (DEVICE_ERROR: illegal address)");
        await(() -> !c.records.isEmpty(), "a record");
        assertThat(c.records.get(0).values()).containsOnlyKeys("a");

        d.answer = ch -> ChannelResult.error(ch.name(), DriverStatus.error(StatusCode.COMMUNICATION_ERROR,
                "connection refused"), 1);
        await(() -> r.status().state() == AssetState.OFFLINE, "OFFLINE");
        assertThat(r.status().reason()).isEqualTo(AssetStatusReason.COMMUNICATION_ERROR);
        int count = c.records.size();
        int reads = d.reads.get();
        await(() -> d.reads.get() >= reads + 3, "sampling goes on while offline");
        assertThat(c.records).as("no record while offline").hasSize(count);

        d.answer = ch -> ChannelResult.ok(ch.name(), FakeDriver.valueFor(ch), 1);
        await(() -> r.status().reason() == AssetStatusReason.NONE, "ONLINE again");
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthers() throws Exception {
        AssetRunner r = runner(10, A);
        Collector before = new Collector();
        Collector after = new Collector();
        Collector notSelected = new Collector();
        r.listenerBound(before, Map.of(AssetSource.PROPERTY, "*"));
        r.listenerBound(batch -> {
            throw new IllegalStateException("boom");
        }, Map.of(AssetSource.PROPERTY, "pump"));
        r.listenerBound(after, Map.of(AssetSource.PROPERTY, List.of("pump")));
        r.listenerBound(notSelected, Map.of(AssetSource.PROPERTY, "other"));
        r.driverBound(new FakeDriver(), driverProps("fake-1", 1));
        r.start();
        await(() -> after.records.size() >= 5, "five records after the failing listener");
        assertThat(before.records).hasSizeGreaterThanOrEqualTo(5);
        assertThat(notSelected.records).isEmpty();
        assertThat(r.counters().listenerErrors()).isGreaterThanOrEqualTo(5);
        assertThat(r.status().state()).isEqualTo(AssetState.ONLINE);
    }

    @Test
    void anInvalidChannelIsAConfigurationErrorNamingChannelAndSetting() throws Exception {
        AssetRunner r = runner(10, A, "{\"name\":\"rpm\",\"type\":\"DOUBLE\",\"settings\":{\"address\":1,\"bogus\":true}}");
        FakeDriver d = new FakeDriver();
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> r.status().state() == AssetState.ERROR, "ERROR");
        assertThat(r.status().reason()).isEqualTo(AssetStatusReason.CONFIGURATION_ERROR);
        assertThat(r.status().message()).contains("channel 'rpm'").contains("unknown setting 'bogus'");
        assertThat(d.reads.get()).as("nothing is sampled").isZero();
        List<ChannelResult> read = r.read(List.of("a")).getValue();
        assertThat(read.get(0).status().code()).isEqualTo(StatusCode.INVALID_CHANNEL);
        assertThat(read.get(0).status().message()).contains("bogus");
    }

    @Test
    void theDriversValidationIsReportedPerChannel() throws Exception {
        AssetRunner r = runner(10, A, B);
        FakeDriver d = new FakeDriver();
        d.rejectOnValidate = "b";
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> r.status().state() == AssetState.ERROR, "ERROR");
        assertThat(r.status().message()).isEqualTo("channel 'b': address 7 cannot be READ_WRITE");
    }

    @Test
    void listenModeEmitsOneRecordPerValueAndReleasesTheRegistrationOnClose() throws Exception {
        AssetRunner r = runner(0, A, B);
        Collector c = new Collector();
        r.listenerBound(c, Map.of(AssetSource.PROPERTY, "pump"));
        FakeDriver d = new FakeDriver();
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> d.listeners.size() == 1, "listen registration");
        assertThat(r.status().state()).isEqualTo(AssetState.UNKNOWN);
        d.listeners.get(0).onChannelResult(ChannelResult.ok("a", TypedValue.ofDouble(7.5), 1234));
        d.listeners.get(0).onChannelResult(ChannelResult.ok("b", TypedValue.ofLong(9), 1235));
        d.listeners.get(0).onChannelResult(ChannelResult.ok("zzz", TypedValue.ofLong(9), 1236));
        await(() -> c.records.size() == 2, "two records");
        assertThat(c.records.get(0).timestamp()).isEqualTo(1234);
        assertThat(c.records.get(0).values()).containsExactly(Map.entry("a", TypedValue.ofDouble(7.5)));
        assertThat(c.records.get(1).values()).containsExactly(Map.entry("b", TypedValue.ofLong(9)));
        await(() -> r.status().state() == AssetState.ONLINE, "ONLINE");

        d.listeners.get(0).onChannelResult(ChannelResult.error("a",
                DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "lost"), 1240));
        d.listeners.get(0).onChannelResult(ChannelResult.error("b",
                DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "lost"), 1240));
        await(() -> r.status().state() == AssetState.OFFLINE, "OFFLINE");
        assertThat(r.status().reason()).isEqualTo(AssetStatusReason.COMMUNICATION_ERROR);

        r.close();
        assertThat(d.listeners).as("unlistened on close").isEmpty();
    }

    @Test
    void aDriverThatCannotListenIsAConfigurationError() throws Exception {
        AssetRunner r = runner(0, A);
        FakeDriver d = new FakeDriver();
        d.listenRejected = java.util.Set.of("a");
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> r.status().state() == AssetState.ERROR, "ERROR");
        assertThat(r.status().message()).contains("cannot listen").contains("channel a");
    }

    @Test
    void readAndWriteAnswerPerChannelInRequestOrder() throws Exception {
        AssetRunner r = runner(60_000, A, B, W);
        FakeDriver d = new FakeDriver();
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> r.status().state() == AssetState.ONLINE, "ONLINE");

        List<ChannelResult> read = r.read(List.of("b", "nope", "w", "a")).getValue();
        assertThat(read).extracting(ChannelResult::channel).containsExactly("b", "nope", "w", "a");
        assertThat(read.get(0).value()).isEqualTo(TypedValue.ofLong(3));
        assertThat(read.get(1).status().code()).isEqualTo(StatusCode.INVALID_CHANNEL);
        assertThat(read.get(2).status().code()).isEqualTo(StatusCode.UNSUPPORTED);
        assertThat(read.get(3).value()).isEqualTo(TypedValue.ofDouble(3.0));
        assertThat(r.read(List.of()).getValue()).as("all readable channels").extracting(ChannelResult::channel)
                .containsExactly("a", "b");

        Map<String, TypedValue> values = new LinkedHashMap<>();
        values.put("w", TypedValue.ofBoolean(true));
        values.put("a", TypedValue.ofDouble(1));
        values.put("b", TypedValue.ofLong(5));
        List<ChannelResult> written = r.write(values).getValue();
        assertThat(written).extracting(ChannelResult::channel).containsExactly("w", "a", "b");
        assertThat(written.get(0).isOk()).isTrue();
        assertThat(written.get(1).status().code()).isEqualTo(StatusCode.UNSUPPORTED);
        assertThat(written.get(2).isOk()).isTrue();
        assertThat(d.written).extracting(w -> w.channel().name()).containsExactly("w", "b");
        assertThatThrownBy(() -> r.read(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsWithoutADriverAnswerWithACommunicationError() throws Exception {
        AssetRunner r = runner(100, A);
        r.start();
        List<ChannelResult> read = r.read(List.of("a")).getValue();
        assertThat(read.get(0).status().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
        assertThat(read.get(0).status().message()).isEqualTo("driver fake-1 not available");
    }

    @Test
    void closeStopsTheThreadAndFailsRequestsStillQueued() throws Exception {
        AssetRunner r = runner(60_000, A);
        FakeDriver d = new FakeDriver();
        CountDownLatch inRead = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        r.driverBound(d, driverProps("fake-1", 1));
        r.start();
        await(() -> r.status().state() == AssetState.ONLINE, "ONLINE");
        d.answer = ch -> {
            inRead.countDown();
            try {
                never.await(); // a device that hangs until interrupted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ChannelResult.error(ch.name(), DriverStatus.error(StatusCode.TIMEOUT, "interrupted"), 1);
        };
        Promise<List<ChannelResult>> first = r.read(List.of("a"));
        Promise<List<ChannelResult>> queued = r.read(List.of("a"));
        assertThat(inRead.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threadAlive("weir-asset-pump")).isTrue();

        r.close();
        assertThat(threadAlive("weir-asset-pump")).isFalse();
        assertThat(first.getValue().get(0).status().code()).as("the call in progress ends").isEqualTo(StatusCode.TIMEOUT);
        assertThatThrownBy(queued::getValue).isInstanceOf(InvocationTargetException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.read(List.of("a")).getValue()).isInstanceOf(InvocationTargetException.class)
                .cause().hasMessage("asset pump is shut down");
        r.close(); // idempotent
    }

    @Test
    void driversAreChosenByNameThenRankingThenAge() {
        AssetRunner.Candidate older = AssetRunner.Candidate.of(driverProps("d", 5));
        AssetRunner.Candidate newer = AssetRunner.Candidate.of(driverProps("d", 9));
        AssetRunner.Candidate ranked = AssetRunner.Candidate.of(
                Map.of("weir.driver.name", "d", "service.id", 10L, "service.ranking", 3));
        assertThat(older.betterThan(newer)).isTrue();
        assertThat(ranked.betterThan(older)).isTrue();
    }

    @Test
    void sourceSelection() {
        assertThat(AssetRunner.selects("pump", "pump")).isTrue();
        assertThat(AssetRunner.selects("*", "pump")).isTrue();
        assertThat(AssetRunner.selects(new String[] {"a", "pump"}, "pump")).isTrue();
        assertThat(AssetRunner.selects(List.of("a", "*"), "pump")).isTrue();
        assertThat(AssetRunner.selects("pumps", "pump")).isFalse();
        assertThat(AssetRunner.selects(null, "pump")).isFalse();
    }
}
