// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import static io.weir.driver.simulated.internal.Channels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverException;
import io.weir.driver.StatusCode;
import io.weir.driver.simulated.signal.internal.Signal;

/**
 * Listening on the driver's own thread. The driver clock is fast-forwarded (1 real ms = 1 simulated s) so the
 * tests wait milliseconds, not seconds; waiting is always for a condition, with a timeout.
 */
class ListenTest {

    private static final long CLOCK_START = 1_000_000L;
    private static final long TIMEOUT_MS = 10_000;
    private final List<SimulatedDriver> drivers = new ArrayList<>();

    private SimulatedDriver fastDriver(String name, long seed) {
        SimulatedDriver d = new SimulatedDriver(new DriverOptions(name, seed, ScheduleOrigin.START, CLOCK_START, 1000,
                true), System::currentTimeMillis, System::nanoTime);
        drivers.add(d);
        return d;
    }

    @AfterEach
    void deactivate() {
        drivers.forEach(SimulatedDriver::deactivate);
    }

    /** Collects results; thread-safe. */
    static final class Collector implements ChannelListener {
        private final List<ChannelResult> results = new ArrayList<>();

        @Override
        public synchronized void onChannelResult(ChannelResult result) {
            results.add(result);
            notifyAll();
        }

        synchronized List<ChannelResult> awaitAtLeast(int n) throws InterruptedException {
            return await(r -> r.size() >= n);
        }

        synchronized List<ChannelResult> await(Predicate<List<ChannelResult>> condition) throws InterruptedException {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (!condition.test(results)) {
                long left = deadline - System.currentTimeMillis();
                assertThat(left).as("waiting for results, have %d", results.size()).isPositive();
                wait(left);
            }
            return List.copyOf(results);
        }

        synchronized int size() {
            return results.size();
        }
    }

    private static boolean threadAlive(String driverName) {
        String name = Subscriptions.threadName(driverName);
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void deliversEverySlotOfTheGridInOrderWithDeterministicValues() throws Exception {
        SimulatedDriver d = fastDriver("grid", 3);
        Channel vib = channel("vib").set("signal", "vibration").set("frequencyHz", 7.0).set("noise", 0.2)
                .set("samplePeriodMs", 100L).set("spikeProbability", 0.05).build();
        Collector c = new Collector();
        d.listen(List.of(vib), c);
        List<ChannelResult> results = c.awaitAtLeast(500);
        Signal expected = ChannelSettings.compile(vib, 3, CLOCK_START).signal();
        long first = results.get(0).timestamp();
        assertThat(first % 100).isZero();
        assertThat(first).isGreaterThan(CLOCK_START);
        for (int i = 0; i < results.size(); i++) {
            ChannelResult r = results.get(i);
            assertThat(r.timestamp()).isEqualTo(first + 100L * i);
            assertThat(r.value().doubleValue()).isEqualTo(expected.value(r.timestamp()));
        }
        assertThat(d.isConnected()).as("listening connects").isTrue();
    }

    @Test
    void channelsWithDifferentPeriodsKeepTheirOwnRates() throws Exception {
        SimulatedDriver d = fastDriver("rates", 1);
        Channel fast = channel("fast").set("samplePeriodMs", 10L).build();
        Channel slow = channel("slow").set("samplePeriodMs", 1000L).build();
        Collector c = new Collector();
        d.listen(List.of(fast, slow), c);
        // wait for both rates' worth of samples: under load the fast channel's deliveries may lag behind the
        // slow one's, but none may be skipped or repeated
        List<ChannelResult> results = c.await(r -> r.stream().filter(x -> x.channel().equals("slow")).count() >= 5
                && r.stream().filter(x -> x.channel().equals("fast")).count() > 400);
        List<Long> slowTimes = results.stream().filter(r -> r.channel().equals("slow")).map(ChannelResult::timestamp)
                .toList();
        List<Long> fastTimes = results.stream().filter(r -> r.channel().equals("fast")).map(ChannelResult::timestamp)
                .toList();
        for (int i = 1; i < slowTimes.size(); i++) {
            assertThat(slowTimes.get(i) - slowTimes.get(i - 1)).isEqualTo(1000);
        }
        for (int i = 1; i < fastTimes.size(); i++) {
            assertThat(fastTimes.get(i) - fastTimes.get(i - 1)).isEqualTo(10);
        }
        assertThat(fastTimes.size()).isGreaterThan(4 * 100);
    }

    @Test
    void labelsArriveWithTheirSourceAndTheSameTimestamp() throws Exception {
        SimulatedDriver d = fastDriver("labels", 1);
        Channel src = channel("src").set("samplePeriodMs", 50L).set("spikeEveryN", 4).build();
        Channel label = channel("src_anomaly").type(DataType.INTEGER).set("signal", "anomalyLabel").set("source", "src")
                .build();
        Collector c = new Collector();
        d.listen(List.of(src, label), c);
        List<ChannelResult> results = c.awaitAtLeast(200);
        for (int i = 0; i + 1 < results.size(); i += 2) {
            ChannelResult s = results.get(i);
            ChannelResult l = results.get(i + 1);
            assertThat(s.channel()).isEqualTo("src");
            assertThat(l.channel()).isEqualTo("src_anomaly");
            assertThat(l.timestamp()).isEqualTo(s.timestamp());
            boolean spike = Math.floorMod(Math.floorDiv(s.timestamp(), 50), 4) == 0;
            assertThat(l.value().intValue()).as("label at %d", s.timestamp()).isEqualTo(spike ? 1 : 0);
        }
    }

    @Test
    void dropoutsArriveAsErrorResults() throws Exception {
        SimulatedDriver d = fastDriver("drop", 1);
        Channel c1 = channel("c").set("samplePeriodMs", 100L).set("dropoutProbability", 0.5)
                .set("dropoutStatus", "COMMUNICATION_ERROR").build();
        Collector c = new Collector();
        d.listen(List.of(c1), c);
        List<ChannelResult> results = c.awaitAtLeast(200);
        assertThat(results).anyMatch(ChannelResult::isOk);
        assertThat(results).filteredOn(r -> !r.isOk())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.status().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR));
    }

    @Test
    void anUnavailableDeviceDeliversCommunicationErrors() throws Exception {
        SimulatedDriver d = new SimulatedDriver(new DriverOptions("down", 1, ScheduleOrigin.START, CLOCK_START, 1000,
                false), System::currentTimeMillis, System::nanoTime);
        drivers.add(d);
        Collector c = new Collector();
        d.listen(List.of(channel("a").set("samplePeriodMs", 100L).build()), c);
        assertThat(c.awaitAtLeast(20)).allSatisfy(r -> {
            assertThat(r.status().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
            assertThat(r.timestamp() % 100).isZero();
        });
        assertThat(d.isConnected()).isFalse();
    }

    @Test
    void unlistenStopsDeliveries() throws Exception {
        SimulatedDriver d = fastDriver("unlisten", 1);
        Collector c = new Collector();
        Collector other = new Collector();
        d.listen(List.of(channel("a").set("samplePeriodMs", 10L).build()), c);
        d.listen(List.of(channel("b").set("samplePeriodMs", 10L).build()), c);
        d.listen(List.of(channel("a").set("samplePeriodMs", 10L).build()), other);
        c.awaitAtLeast(100);
        assertThat(d.registrationCount()).isEqualTo(3);
        d.unlisten(c);
        int after = c.size();
        assertThat(d.registrationCount()).isEqualTo(1);
        // the other listener keeps receiving: 200 more slots pass, and still nothing new reaches c
        int otherNow = other.size();
        other.awaitAtLeast(otherNow + 200);
        assertThat(c.size()).isEqualTo(after);
        d.unlisten(c); // idempotent
    }

    @Test
    void aThrowingListenerStaysRegistered() throws Exception {
        SimulatedDriver d = fastDriver("throws", 1);
        AtomicInteger calls = new AtomicInteger();
        Collector c = new Collector();
        d.listen(List.of(channel("a").set("samplePeriodMs", 10L).build()), r -> {
            calls.incrementAndGet();
            c.onChannelResult(r);
            throw new IllegalStateException("listener bug");
        });
        c.awaitAtLeast(50);
        assertThat(calls.get()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void disconnectPausesAndConnectResumes() throws Exception {
        SimulatedDriver d = fastDriver("pause", 1);
        Collector c = new Collector();
        d.listen(List.of(channel("a").set("samplePeriodMs", 10L).build()), c);
        c.awaitAtLeast(20);
        d.disconnect();
        // a paused task reschedules itself for the next slot; give it a little real time and compare
        Collector witness = new Collector();
        SimulatedDriver other = fastDriver("witness", 1);
        other.listen(List.of(channel("w").set("samplePeriodMs", 10L).build()), witness);
        witness.awaitAtLeast(5); // at least one full task cycle of c's driver has passed too
        int paused = c.size();
        witness.awaitAtLeast(witness.size() + 300);
        assertThat(c.size()).as("no deliveries while disconnected").isLessThanOrEqualTo(paused + 1);
        d.connect();
        c.awaitAtLeast(c.size() + 20);
    }

    @Test
    void listenRejectsChannelsItCannotDeliver() {
        SimulatedDriver d = fastDriver("reject", 1);
        Collector c = new Collector();
        assertThatThrownBy(() -> d.listen(List.of(channel("x").set("signal", "nope").build()), c))
                .isInstanceOf(DriverException.class).hasMessageContaining("channel 'x'");
        assertThatThrownBy(() -> d.listen(List.of(channel("w").set("signal", "constant").mode(ChannelMode.WRITE).build()),
                c)).isInstanceOf(DriverException.class).hasMessageContaining("write-only");
        assertThatThrownBy(() -> d.listen(List.of(channel("l").set("signal", "driftLabel").set("source", "gone").build()),
                c)).isInstanceOf(DriverException.class).hasMessageContaining("'gone'");
        assertThatThrownBy(() -> d.listen(List.of(), c)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.registrationCount()).isZero();
    }

    @Test
    void deactivationStopsTheThreadAndLaterListensFail() throws Exception {
        SimulatedDriver d = fastDriver("stopper", 1);
        assertThat(threadAlive("stopper")).as("no thread before the first listener").isFalse();
        Collector c = new Collector();
        d.listen(List.of(channel("a").set("samplePeriodMs", 10L).build()), c);
        c.awaitAtLeast(10);
        assertThat(threadAlive("stopper")).isTrue();
        d.deactivate();
        int after = c.size();
        assertThat(threadAlive("stopper")).isFalse();
        assertThat(d.registrationCount()).isZero();
        assertThatThrownBy(() -> d.listen(List.of(channel("a").build()), c)).isInstanceOf(DriverException.class)
                .hasMessageContaining("deactivated");
        TimeUnit.MILLISECONDS.sleep(20); // 20 simulated seconds: 2000 slots would have been due
        assertThat(c.size()).isEqualTo(after);
        d.deactivate(); // idempotent
    }

    @Test
    void aRealTimeDriverDeliversOnTheWallClockGrid() throws Exception {
        SimulatedDriver d = new SimulatedDriver(new DriverOptions("wall", 1, ScheduleOrigin.START, 0, 1, true),
                System::currentTimeMillis, System::nanoTime);
        drivers.add(d);
        Collector c = new Collector();
        long start = System.currentTimeMillis();
        d.listen(List.of(channel("a").set("samplePeriodMs", 20L).build()), c);
        List<ChannelResult> results = c.awaitAtLeast(5);
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).timestamp() % 20).isZero();
            assertThat(results.get(i).timestamp()).isGreaterThan(start);
            if (i > 0) {
                assertThat(results.get(i).timestamp() - results.get(i - 1).timestamp()).isEqualTo(20);
            }
        }
        assertThat(results.get(results.size() - 1).timestamp()).isLessThanOrEqualTo(System.currentTimeMillis());
    }
}
