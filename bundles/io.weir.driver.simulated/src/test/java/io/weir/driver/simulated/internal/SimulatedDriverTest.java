// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import static io.weir.driver.simulated.internal.Channels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.DriverException;
import io.weir.driver.StatusCode;

/** The driver's read, write, connect and validate paths with a hand-driven clock (listening: {@link ListenTest}). */
class SimulatedDriverTest {

    private final AtomicLong wall = new AtomicLong(1_785_000_000_000L);
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private SimulatedDriver driver;

    private SimulatedDriver driver(DriverOptions options) {
        driver = new SimulatedDriver(options, wall::get, nanos::get);
        return driver;
    }

    private SimulatedDriver driver() {
        return driver(new DriverOptions("sim", 7, ScheduleOrigin.EPOCH, 0, 1.0, true));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.deactivate();
        }
    }

    @Test
    void readsSignalValuesAtTheCurrentTime() {
        SimulatedDriver d = driver();
        Channel sine = channel("sine").set("amplitude", 2.0).set("offset", 1.0).build();
        Channel square = channel("square").set("signal", "square").type(DataType.INTEGER).build();
        wall.set(1_785_000_000_250L);
        List<ChannelResult> results = d.read(List.of(sine, square));
        assertThat(results).extracting(ChannelResult::channel).containsExactly("sine", "square");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.isOk()).isTrue();
            assertThat(r.timestamp()).isEqualTo(1_785_000_000_250L);
        });
        assertThat(results.get(0).value().doubleValue()).isCloseTo(3.0, within(1e-9));
        assertThat(results.get(1).value()).isEqualTo(TypedValue.ofInteger(1));
        wall.set(1_785_000_000_750L);
        results = d.read(List.of(sine, square));
        assertThat(results.get(0).value().doubleValue()).isCloseTo(-1.0, within(1e-9));
        assertThat(results.get(1).value()).isEqualTo(TypedValue.ofInteger(-1));
    }

    @Test
    void anInvalidChannelFailsAloneAndValidateExplainsIt() {
        SimulatedDriver d = driver();
        Channel bad = channel("bad").set("signal", "cosine").build();
        List<ChannelResult> results = d.read(List.of(channel("good").build(), bad));
        assertThat(results.get(0).isOk()).isTrue();
        assertThat(results.get(1).status().code()).isEqualTo(StatusCode.INVALID_CHANNEL);
        assertThat(results.get(1).status().message()).contains("channel 'bad'", "unknown signal 'cosine'");
        assertThatThrownBy(() -> d.validate(bad)).isInstanceOf(DriverException.class)
                .hasMessageContaining("channel 'bad': setting 'signal'");
        assertThatThrownBy(() -> d.validate(channel("neg").set("frequencyHz", -1.0).build()))
                .hasMessage("channel 'neg': setting 'frequencyHz' must be at least 0, got -1");
    }

    @Test
    void dropoutsAreErrorResultsWithTheConfiguredStatus() {
        SimulatedDriver d = driver();
        Channel c = channel("c").set("dropoutStartMs", 1_785_000_001_000L).set("dropoutDurationMs", 500L)
                .set("dropoutStatus", "TIMEOUT").build();
        wall.set(1_785_000_001_499L);
        ChannelResult r = d.read(List.of(c)).get(0);
        assertThat(r.isOk()).isFalse();
        assertThat(r.value()).isNull();
        assertThat(r.status().code()).isEqualTo(StatusCode.TIMEOUT);
        assertThat(r.status().message()).contains("simulated dropout", "'c'");
        wall.set(1_785_000_001_500L);
        assertThat(d.read(List.of(c)).get(0).isOk()).isTrue();
    }

    @Test
    void labelChannelsReadTheGroundTruthOfTheirSource() {
        SimulatedDriver d = driver();
        Channel vib = channel("vib").set("signal", "vibration").set("frequencyHz", 50.0).set("samplePeriodMs", 100L)
                .set("spikeEveryN", 10).set("driftStartMs", 1_785_000_005_000L).set("driftGain", 2.0).build();
        Channel anomaly = channel("vib_anomaly").type(DataType.BOOLEAN).set("signal", "anomalyLabel")
                .set("source", "vib").build();
        Channel drift = channel("vib_drift").type(DataType.INTEGER).set("signal", "driftLabel").set("source", "vib")
                .build();
        List<Channel> request = List.of(anomaly, vib, drift);
        wall.set(1_785_000_000_000L); // slot 17 850 000 000: divisible by 10 → spike
        List<ChannelResult> r = d.read(request);
        assertThat(r.get(0).value()).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(r.get(2).value()).isEqualTo(TypedValue.ofInteger(0));
        wall.set(1_785_000_000_100L);
        r = d.read(request);
        assertThat(r.get(0).value()).isEqualTo(TypedValue.ofBoolean(false));
        wall.set(1_785_000_005_000L);
        r = d.read(request);
        assertThat(r.get(2).value()).isEqualTo(TypedValue.ofInteger(1));
        // without its source in the same request, a label cannot be read
        ChannelResult alone = d.read(List.of(anomaly)).get(0);
        assertThat(alone.status().code()).isEqualTo(StatusCode.INVALID_CHANNEL);
        assertThat(alone.status().message()).contains("source channel 'vib'", "same request");
    }

    @Test
    void constantChannelsStoreWrittenSetpoints() {
        SimulatedDriver d = driver();
        Channel sp = channel("setpoint").set("signal", "constant").set("offset", 20.0).mode(ChannelMode.READ_WRITE)
                .build();
        assertThat(d.read(List.of(sp)).get(0).value()).isEqualTo(TypedValue.ofDouble(20));
        List<ChannelResult> written = d.write(List.of(new ChannelWrite(sp, TypedValue.ofInteger(42))));
        assertThat(written.get(0).isOk()).isTrue();
        assertThat(written.get(0).value()).isEqualTo(TypedValue.ofDouble(42));
        assertThat(d.read(List.of(sp)).get(0).value()).isEqualTo(TypedValue.ofDouble(42));
        // the same point read through an INTEGER channel of the same name
        Channel asInt = channel("setpoint").set("signal", "constant").type(DataType.INTEGER).build();
        assertThat(d.read(List.of(asInt)).get(0).value()).isEqualTo(TypedValue.ofInteger(42));
    }

    @Test
    void writesThatCannotSucceedAreReportedPerChannel() {
        SimulatedDriver d = driver();
        Channel sine = channel("sine").build();
        Channel sp = channel("sp").set("signal", "constant").type(DataType.LONG).mode(ChannelMode.WRITE).build();
        List<ChannelResult> r = d.write(List.of(
                new ChannelWrite(sine, TypedValue.ofDouble(1)),
                new ChannelWrite(sp, TypedValue.ofString("high")),
                new ChannelWrite(sp, TypedValue.ofDouble(Double.NaN)),
                new ChannelWrite(sp, TypedValue.ofDouble(2.6)),
                new ChannelWrite(channel("x").set("signal", "nope").build(), TypedValue.ofDouble(1))));
        assertThat(r).extracting(cr -> cr.status().code()).containsExactly(StatusCode.UNSUPPORTED,
                StatusCode.TYPE_MISMATCH, StatusCode.TYPE_MISMATCH, StatusCode.OK, StatusCode.INVALID_CHANNEL);
        assertThat(r.get(0).status().message()).contains("channel 'sine' is read-only");
        assertThat(r.get(3).value()).isEqualTo(TypedValue.ofLong(3));
        ChannelResult writeOnlyRead = d.read(List.of(sp)).get(0);
        assertThat(writeOnlyRead.status().code()).isEqualTo(StatusCode.UNSUPPORTED);
    }

    @Test
    void connectionIsTrackedAndOpenedLazily() {
        SimulatedDriver d = driver();
        assertThat(d.isConnected()).isFalse();
        d.read(List.of(channel("c").build()));
        assertThat(d.isConnected()).isTrue();
        d.disconnect();
        d.disconnect();
        assertThat(d.isConnected()).isFalse();
        assertThat(d.connect().isOk()).isTrue();
        assertThat(d.connect().isOk()).isTrue();
        assertThat(d.isConnected()).isTrue();
        d.deactivate();
        assertThat(d.isConnected()).isFalse();
        assertThat(d.connect().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
    }

    @Test
    void anUnavailableDeviceFailsEveryOperationWithACommunicationError() {
        SimulatedDriver d = driver(new DriverOptions("down", 7, ScheduleOrigin.EPOCH, 0, 1.0, false));
        assertThat(d.connect().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
        assertThat(d.connect().message()).contains("'down'", "available=false");
        assertThat(d.isConnected()).isFalse();
        Channel sp = channel("sp").set("signal", "constant").mode(ChannelMode.READ_WRITE).build();
        assertThat(d.read(List.of(channel("c").build(), sp))).extracting(r -> r.status().code())
                .containsOnly(StatusCode.COMMUNICATION_ERROR);
        assertThat(d.write(List.of(new ChannelWrite(sp, TypedValue.ofDouble(1)))).get(0).status().code())
                .isEqualTo(StatusCode.COMMUNICATION_ERROR);
    }

    @Test
    void startTimesCountFromActivationWithTheStartOrigin() {
        SimulatedDriver d = driver(new DriverOptions("sim", 7, ScheduleOrigin.START, 0, 1.0, true));
        Channel c = channel("c").set("signal", "constant").set("driftStartMs", 60_000L).set("driftOffset", 10.0).build();
        wall.addAndGet(59_999);
        assertThat(d.read(List.of(c)).get(0).value()).isEqualTo(TypedValue.ofDouble(0));
        wall.addAndGet(1);
        assertThat(d.read(List.of(c)).get(0).value()).isEqualTo(TypedValue.ofDouble(10));
    }

    @Test
    void aConfiguredClockStartsAtItsStartAndRunsAtItsScale() {
        SimulatedDriver d = driver(new DriverOptions("sim", 7, ScheduleOrigin.START, 1_000_000, 10, true));
        assertThat(d.now()).isEqualTo(1_000_000);
        nanos.addAndGet(2_500_000); // 2.5 real ms = 25 driver ms
        assertThat(d.now()).isEqualTo(1_000_025);
        wall.addAndGet(3_600_000); // the wall clock does not matter
        assertThat(d.now()).isEqualTo(1_000_025);
        // a stuck window from the clock start (origin START): frozen at sin(2π·1000 cycles) = 0
        Channel stuck = channel("c").set("stuckStartMs", 0L).set("stuckDurationMs", 100L).build();
        ChannelResult r = d.read(List.of(stuck)).get(0);
        assertThat(r.timestamp()).isEqualTo(1_000_025);
        assertThat(r.value().doubleValue()).isCloseTo(0, within(1e-9));
        assertThat(d.read(List.of(channel("free").build())).get(0).value().doubleValue())
                .isCloseTo(Math.sin(2 * Math.PI * 0.025), within(1e-9));
    }

    @Test
    void twoDriversWithTheSameSeedAgreeAndOtherSeedsDiffer() {
        Channel noisy = channel("noisy").set("signal", "randomWalk").set("frequencyHz", 10.0).set("noise", 0.1).build();
        SimulatedDriver a = new SimulatedDriver(new DriverOptions("a", 1, ScheduleOrigin.EPOCH, 0, 1, true), wall::get,
                nanos::get);
        SimulatedDriver b = new SimulatedDriver(new DriverOptions("b", 1, ScheduleOrigin.EPOCH, 0, 1, true), wall::get,
                nanos::get);
        SimulatedDriver c = new SimulatedDriver(new DriverOptions("c", 2, ScheduleOrigin.EPOCH, 0, 1, true), wall::get,
                nanos::get);
        try {
            for (int i = 0; i < 100; i++) {
                wall.addAndGet(37);
                TypedValue va = a.read(List.of(noisy)).get(0).value();
                assertThat(b.read(List.of(noisy)).get(0).value()).isEqualTo(va);
                assertThat(c.read(List.of(noisy)).get(0).value()).isNotEqualTo(va);
            }
        } finally {
            a.deactivate();
            b.deactivate();
            c.deactivate();
        }
    }

    @Test
    void invalidDriverConfigurationsNameTheAttribute() {
        assertThatThrownBy(() -> new DriverOptions(" ", 0, ScheduleOrigin.START, 0, 1, true))
                .hasMessage("io.weir.driver.simulated ' ': attribute weir.driver.name is required and must not be blank");
        assertThatThrownBy(() -> new DriverOptions("x", 0, ScheduleOrigin.START, 0, 0, true))
                .hasMessageContaining("attribute timeScale must be between 0.001 and 1000000, got 0.0");
        assertThatThrownBy(() -> new DriverOptions("x", 0, ScheduleOrigin.START, -1, 1, true))
                .hasMessageContaining("attribute clockStartMs");
    }

    @Test
    void readingAllocatesOnlyTheResults() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        SimulatedDriver d = driver();
        List<Channel> channels = List.of(
                channel("a").set("signal", "vibration").set("noise", 0.1).set("spikeProbability", 0.01).build(),
                channel("b").set("signal", "randomWalk").set("frequencyHz", 100.0).build(),
                channel("c").set("signal", "temperature").type(DataType.FLOAT).build(),
                channel("d").set("signal", "square").type(DataType.BOOLEAN).build());
        long perRead = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                wall.incrementAndGet();
                d.read(channels);
            }
            perRead = Math.min(perRead, (threads.getCurrentThreadAllocatedBytes() - before) / 20_000);
        }
        // per read: the result list (~80 B) and, per channel, one ChannelResult and one TypedValue (~56 B);
        // nothing for the cache lookup or the signal itself
        assertThat(perRead).as("bytes per read of 4 channels").isLessThanOrEqualTo(80 + 4 * 64);
    }
}
