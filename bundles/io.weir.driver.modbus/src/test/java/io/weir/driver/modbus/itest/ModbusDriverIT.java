// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverException;
import io.weir.driver.DriverProtocol;
import io.weir.driver.StatusCode;

/**
 * The Modbus driver inside Felix, configured through Config Admin, against a real Modbus TCP server on a loopback
 * port ({@link ModbusTestServer}, j2mod's slave-side protocol code) and, once, against j2mod's stock {@code
 * ModbusSlave}.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@ExtendWith(ConfigurationExtension.class)
class ModbusDriverIT {

    private static final String PID = "io.weir.driver.modbus";
    private static final long TIMEOUT_MS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    ConfigurationAdmin cm;

    private final ModbusTestServer server = new ModbusTestServer();
    private final List<Configuration> configurations = new ArrayList<>();
    private final List<ServiceTracker<Driver, Driver>> trackers = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        SimpleProcessImage img = server.image;
        // holding registers 0-19: every register type in every order (values computed by hand)
        int[] holding = {
            0xFFFE, // 0 INT16 -2
            0xFFFE, // 1 UINT16 65534
            0x1234, 0x5678, // 2 INT32 ABCD 305419896
            0xA988, 0xEDCB, // 4 INT32 CDAB -305419896
            0xADDE, 0xEFBE, // 6 UINT32 BADC 3735928559
            0xDB0F, 0x4940, // 8 FLOAT32 DCBA 3.1415927
            0x4009, 0x21FB, 0x5444, 0x2D18, // 10 FLOAT64 ABCD pi
            0x0000, 0x0000, 0x0000, 0xBFF8, // 14 FLOAT64 CDAB -1.5
            0x0929, // 18 UINT16 2345, scale 0.1 offset -40 = 194.5
            0x0000};
        for (int i = 0; i < holding.length; i++) {
            img.addRegister(i, new SimpleRegister(holding[i]));
        }
        // 20-29 are a hole (exception 2), 30-39 are for writes
        for (int i = 30; i < 40; i++) {
            img.addRegister(i, new SimpleRegister(0));
        }
        int[] input = {
            0x3412, // 0 INT16, byte order LITTLE: 4660
            0xC020, 0x0000, // 1 FLOAT32 ABCD -2.5
            0xEFBE, 0xADDE, // 3 UINT32 DCBA 3735928559
            1000}; // 5 UINT16 * 0.01 = 10.0
        for (int v : input) {
            img.addInputRegister(new SimpleInputRegister(v));
        }
        for (int i = 0; i < 16; i++) {
            img.addDigitalOut(new SimpleDigitalOut(i == 0 || i == 2 || i == 5 || i == 11));
        }
        for (int i = 0; i < 8; i++) {
            img.addDigitalIn(new SimpleDigitalIn(i == 1 || i == 3));
        }
        server.start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        trackers.forEach(ServiceTracker::close);
        for (Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test
            }
        }
        server.stop();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Channel ch(String name, DataType type, ChannelMode mode, Object... settings) {
        Map<String, TypedValue> map = new LinkedHashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            Object v = settings[i + 1];
            map.put((String) settings[i], v instanceof String s ? TypedValue.ofString(s)
                    : v instanceof Integer n ? TypedValue.ofInteger(n) : TypedValue.ofDouble((Double) v));
        }
        return new Channel(name, type, mode, map);
    }

    private static Channel holding(String name, DataType type, int address, String dataType, String word,
            String bytes) {
        return ch(name, type, ChannelMode.READ_WRITE, "registerKind", "HOLDING_REGISTER", "address", address,
                "dataType", dataType, "wordOrder", word, "byteOrder", bytes);
    }

    /** Creates a driver instance for the test server and waits for its service; extra config as key, value. */
    private Driver driver(String name, Object... extra) throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("weir.driver.name", name);
        props.put("host", "127.0.0.1");
        props.put("port", server.port());
        props.put("responseTimeoutMs", 1000);
        props.put("connectTimeoutMs", 1000);
        for (int i = 0; i < extra.length; i += 2) {
            props.put((String) extra[i], extra[i + 1]);
        }
        Configuration c = cm.getFactoryConfiguration(PID, name, "?");
        c.update(props);
        configurations.add(c);
        ServiceTracker<Driver, Driver> tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(
                "(&(objectClass=" + Driver.class.getName() + ")(" + Driver.NAME_PROPERTY + "=" + name + "))"), null);
        tracker.open();
        trackers.add(tracker);
        Driver d = tracker.waitForService(TIMEOUT_MS);
        assertThat(d).as("driver %s", name).isNotNull();
        return d;
    }

    private static Map<String, Object> values(List<ChannelResult> results) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (ChannelResult r : results) {
            map.put(r.channel(), r.isOk() ? r.value().asObject() : r.status().code());
        }
        return map;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static final List<Channel> HOLDING_CHANNELS = List.of(
            holding("int16", DataType.INTEGER, 0, "INT16", "BIG", "BIG"),
            holding("uint16", DataType.INTEGER, 1, "UINT16", "BIG", "BIG"),
            holding("int32abcd", DataType.INTEGER, 2, "INT32", "BIG", "BIG"),
            holding("int32cdab", DataType.LONG, 4, "INT32", "LITTLE", "BIG"),
            holding("uint32badc", DataType.LONG, 6, "UINT32", "BIG", "LITTLE"),
            holding("float32dcba", DataType.FLOAT, 8, "FLOAT32", "LITTLE", "LITTLE"),
            holding("float64abcd", DataType.DOUBLE, 10, "FLOAT64", "BIG", "BIG"),
            holding("float64cdab", DataType.DOUBLE, 14, "FLOAT64", "LITTLE", "BIG"),
            ch("temperature", DataType.DOUBLE, ChannelMode.READ, "registerKind", "HOLDING_REGISTER", "address", 18,
                    "scale", 0.1, "offset", -40.0));

    private static final List<Channel> OTHER_CHANNELS = List.of(
            ch("in16le", DataType.INTEGER, ChannelMode.READ, "registerKind", "INPUT_REGISTER", "address", 0,
                    "dataType", "INT16", "byteOrder", "LITTLE"),
            ch("inFloat", DataType.DOUBLE, ChannelMode.READ, "registerKind", "INPUT_REGISTER", "address", 1,
                    "dataType", "FLOAT32"),
            ch("inU32dcba", DataType.LONG, ChannelMode.READ, "registerKind", "INPUT_REGISTER", "address", 3,
                    "dataType", "UINT32", "wordOrder", "LITTLE", "byteOrder", "LITTLE"),
            ch("inScaled", DataType.FLOAT, ChannelMode.READ, "registerKind", "INPUT_REGISTER", "address", 5,
                    "scale", 0.01),
            ch("coil0", DataType.BOOLEAN, ChannelMode.READ_WRITE, "registerKind", "COIL", "address", 0),
            ch("coil1", DataType.BOOLEAN, ChannelMode.READ, "registerKind", "COIL", "address", 1),
            ch("coil2", DataType.BOOLEAN, ChannelMode.READ, "registerKind", "COIL", "address", 2),
            ch("di1", DataType.BOOLEAN, ChannelMode.READ, "registerKind", "DISCRETE_INPUT", "address", 1),
            ch("di2", DataType.BOOLEAN, ChannelMode.READ, "registerKind", "DISCRETE_INPUT", "address", 2,
                    "dataType", "BOOLEAN"));

    // ---- reads ------------------------------------------------------------------------------------------------

    @Test
    void readsEveryRegisterKindAndDataTypeInOneRequestPerKind() throws Exception {
        Driver driver = driver("plc-read");
        // request order deliberately mixes kinds and addresses
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < Math.max(HOLDING_CHANNELS.size(), OTHER_CHANNELS.size()); i++) {
            if (i < OTHER_CHANNELS.size()) {
                channels.add(OTHER_CHANNELS.get(OTHER_CHANNELS.size() - 1 - i));
            }
            if (i < HOLDING_CHANNELS.size()) {
                channels.add(HOLDING_CHANNELS.get(i));
            }
        }
        server.clearRequests();
        List<ChannelResult> results = driver.read(channels);

        assertThat(results).extracting(ChannelResult::channel)
                .containsExactlyElementsOf(channels.stream().map(Channel::name).toList());
        assertThat(results).allSatisfy(r -> assertThat(r.status().code()).as(r.toString()).isEqualTo(StatusCode.OK));
        Map<String, Object> v = values(results);
        assertThat(v).containsEntry("int16", -2).containsEntry("uint16", 65534)
                .containsEntry("int32abcd", 305419896).containsEntry("int32cdab", -305419896L)
                .containsEntry("uint32badc", 3735928559L).containsEntry("float32dcba", 3.1415927f)
                .containsEntry("float64abcd", Math.PI).containsEntry("float64cdab", -1.5)
                .containsEntry("in16le", 4660).containsEntry("inFloat", -2.5)
                .containsEntry("inU32dcba", 3735928559L).containsEntry("inScaled", 10.0f)
                .containsEntry("coil0", true).containsEntry("coil1", false).containsEntry("coil2", true)
                .containsEntry("di1", true).containsEntry("di2", false);
        assertThat((Double) v.get("temperature")).isCloseTo(194.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(results).allSatisfy(r -> assertThat(r.value().type())
                .isEqualTo(channels.stream().filter(c -> c.name().equals(r.channel())).findFirst().get().type()));
        // one request per register kind, covering exactly the addresses used
        assertThat(server.requests()).containsExactly("FC1 0+3", "FC2 1+2", "FC4 0+6", "FC3 0+19");

        // the connection is reused across reads
        driver.read(channels);
        driver.read(channels);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void splitsRequestsAtTheConfiguredLimitAndGap() throws Exception {
        Driver small = driver("plc-small", "maxRegistersPerRequest", 8, "maxBitsPerRequest", 2);
        server.clearRequests();
        List<ChannelResult> r = small.read(concat(HOLDING_CHANNELS, OTHER_CHANNELS));
        assertThat(r).allSatisfy(x -> assertThat(x.isOk()).as(x.toString()).isTrue());
        assertThat(server.requests()).containsExactly("FC1 0+2", "FC1 2+1", "FC2 1+2", "FC4 0+6", "FC3 0+8",
                "FC3 8+6", "FC3 14+5");

        List<Channel> gapped = List.of(holding("a", DataType.INTEGER, 0, "INT16", "BIG", "BIG"),
                holding("b", DataType.INTEGER, 2, "UINT16", "BIG", "BIG"));
        server.clearRequests();
        assertThat(values(small.read(gapped))).containsEntry("a", -2).containsEntry("b", 0x1234);
        assertThat(server.requests()).containsExactly("FC3 0+1", "FC3 2+1");

        Driver merging = driver("plc-gap", "maxGapToMerge", 1);
        server.clearRequests();
        assertThat(values(merging.read(gapped))).containsEntry("a", -2).containsEntry("b", 0x1234);
        assertThat(server.requests()).containsExactly("FC3 0+3");
    }

    // ---- writes -----------------------------------------------------------------------------------------------

    @Test
    void writesHoldingRegistersAndCoilsThenReadsThemBack() throws Exception {
        Driver driver = driver("plc-write");
        Channel i16 = holding("w16", DataType.INTEGER, 30, "INT16", "BIG", "BIG");
        Channel u32 = holding("w32", DataType.LONG, 31, "UINT32", "LITTLE", "BIG");
        Channel f32 = ch("wf32", DataType.DOUBLE, ChannelMode.READ_WRITE, "registerKind", "HOLDING_REGISTER",
                "address", 33, "dataType", "FLOAT32", "scale", 0.5);
        Channel f64 = holding("wf64", DataType.DOUBLE, 35, "FLOAT64", "LITTLE", "LITTLE");
        Channel c10 = ch("c10", DataType.BOOLEAN, ChannelMode.WRITE, "registerKind", "COIL", "address", 10);
        Channel c11 = ch("c11", DataType.BOOLEAN, ChannelMode.READ_WRITE, "registerKind", "COIL", "address", 11);
        server.clearRequests();
        List<ChannelResult> written = driver.write(List.of(
                new ChannelWrite(i16, TypedValue.ofInteger(-1234)),
                new ChannelWrite(u32, TypedValue.ofLong(305419896L)),
                new ChannelWrite(f32, TypedValue.ofDouble(10.0)),
                new ChannelWrite(f64, TypedValue.ofDouble(Math.PI)),
                new ChannelWrite(c10, TypedValue.ofBoolean(true)),
                new ChannelWrite(c11, TypedValue.ofBoolean(false))));
        assertThat(written).allSatisfy(r -> assertThat(r.isOk()).as(r.toString()).isTrue());
        assertThat(written.get(0).value()).isEqualTo(TypedValue.ofInteger(-1234));
        assertThat(server.requests()).containsExactly("FC6 30", "FC16 31+2", "FC16 33+2", "FC16 35+4", "FC5 10",
                "FC5 11");

        // what the device holds now, register by register
        SimpleProcessImage img = server.image;
        assertThat(img.getRegister(30).getValue()).isEqualTo(0xFB2E);
        assertThat(registers(img, 31, 2)).containsExactly(0x5678, 0x1234);
        assertThat(registers(img, 33, 2)).containsExactly(0x41A0, 0x0000); // raw 20.0f = 10.0 / 0.5
        assertThat(registers(img, 35, 4)).containsExactly(0x182D, 0x4454, 0xFB21, 0x0940);
        assertThat(img.getDigitalOut(10).isSet()).isTrue();
        assertThat(img.getDigitalOut(11).isSet()).isFalse();

        Map<String, Object> back = values(driver.read(List.of(i16, u32, f32, f64, c11)));
        assertThat(back).containsEntry("w16", -1234).containsEntry("w32", 305419896L).containsEntry("wf32", 10.0)
                .containsEntry("wf64", Math.PI).containsEntry("c11", false);

        Driver multiple = driver("plc-write-multiple", "alwaysWriteMultiple", true);
        server.clearRequests();
        assertThat(multiple.write(List.of(new ChannelWrite(i16, TypedValue.ofInteger(7)),
                new ChannelWrite(c11, TypedValue.ofBoolean(true))))).allSatisfy(r -> assertThat(r.isOk()).isTrue());
        assertThat(server.requests()).containsExactly("FC16 30+1", "FC15 11+1");
        assertThat(img.getRegister(30).getValue()).isEqualTo(7);
        assertThat(img.getDigitalOut(11).isSet()).isTrue();
    }

    @Test
    void refusesWritesThatCanNeverWorkWithoutTalkingToTheDevice() throws Exception {
        Driver driver = driver("plc-bad-writes");
        Channel discrete = ch("di", DataType.BOOLEAN, ChannelMode.READ, "registerKind", "DISCRETE_INPUT",
                "address", 1);
        Channel input = ch("ir", DataType.INTEGER, ChannelMode.READ_WRITE, "registerKind", "INPUT_REGISTER",
                "address", 0);
        Channel i16 = holding("w16", DataType.INTEGER, 30, "INT16", "BIG", "BIG");
        server.clearRequests();
        List<ChannelResult> r = driver.write(List.of(new ChannelWrite(discrete, TypedValue.ofBoolean(true)),
                new ChannelWrite(input, TypedValue.ofInteger(1)),
                new ChannelWrite(i16, TypedValue.ofInteger(40_000))));
        assertThat(r).extracting(x -> x.status().code()).containsExactly(StatusCode.UNSUPPORTED,
                StatusCode.UNSUPPORTED, StatusCode.TYPE_MISMATCH);
        assertThat(server.requests()).isEmpty();
    }

    // ---- bad configuration and device errors ------------------------------------------------------------------

    @Test
    void invalidChannelsAreRejectedByValidateAndReportedPerChannel() throws Exception {
        Driver driver = driver("plc-invalid");
        Channel unknownKind = ch("k", DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING", "address", 0);
        Channel badAddress = ch("a", DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 70_000);
        Channel badType = ch("t", DataType.BOOLEAN, ChannelMode.READ, "registerKind", "COIL", "address", 0,
                "dataType", "FLOAT32");
        Channel writableDiscrete = ch("d", DataType.BOOLEAN, ChannelMode.READ_WRITE, "registerKind",
                "DISCRETE_INPUT", "address", 0);
        for (Channel c : List.of(unknownKind, badAddress, badType, writableDiscrete)) {
            try {
                driver.validate(c);
                throw new AssertionError("validate accepted " + c);
            } catch (DriverException e) {
                assertThat(e.getMessage()).contains("'" + c.name() + "'");
            }
        }
        Channel good = HOLDING_CHANNELS.get(0);
        driver.validate(good);
        List<ChannelResult> r = driver.read(List.of(unknownKind, good, badAddress, badType));
        assertThat(r).extracting(x -> x.status().code()).containsExactly(StatusCode.INVALID_CHANNEL, StatusCode.OK,
                StatusCode.INVALID_CHANNEL, StatusCode.INVALID_CHANNEL);
        assertThat(r.get(0).status().message()).contains("unknown registerKind 'HOLDING'");
    }

    @Test
    void exceptionAnswersAreDeviceErrorsOfTheirChannelOnly() throws Exception {
        Driver driver = driver("plc-exception", "maxGapToMerge", 20);
        Channel beyond = ch("beyond", DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 1000);
        Channel hole = ch("hole", DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 25);
        Channel before = ch("before", DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 18);
        Channel after = ch("after", DataType.INTEGER, ChannelMode.READ, "registerKind", "HOLDING_REGISTER",
                "address", 30);
        server.clearRequests();
        List<ChannelResult> r = driver.read(List.of(beyond, after, hole, before));
        assertThat(r.get(0).status().code()).isEqualTo(StatusCode.DEVICE_ERROR);
        assertThat(r.get(0).status().message()).contains("Modbus exception 2").contains("Illegal Data Address");
        assertThat(r.get(2).status().code()).isEqualTo(StatusCode.DEVICE_ERROR);
        // the merged read 18-30 hits the hole at 20-29; the device rejects it, so each channel is read alone
        assertThat(values(r)).containsEntry("before", 2345).containsEntry("after", 0);
        assertThat(server.requests()).containsExactly("FC3 18+13", "FC3 18+1", "FC3 25+1", "FC3 30+1", "FC3 1000+1");
        // an exception answer does not break the connection
        assertThat(driver.read(List.of(before)).get(0).isOk()).isTrue();
        assertThat(server.accepted()).isEqualTo(1);
    }

    // ---- device failures and recovery -------------------------------------------------------------------------

    @Test
    void aServerThatStopsGivesCommunicationErrorsAndTheDriverReconnectsWhenItIsBack() throws Exception {
        Driver driver = driver("plc-restart", "reconnectBackoffInitialMs", 100, "reconnectBackoffMaxMs", 400);
        List<Channel> channels = List.of(HOLDING_CHANNELS.get(0), OTHER_CHANNELS.get(4));
        assertThat(driver.read(channels)).allSatisfy(r -> assertThat(r.isOk()).isTrue());

        server.stop();
        for (int i = 0; i < 50; i++) { // no exception storm: every read returns error results
            List<ChannelResult> r = driver.read(channels);
            assertThat(r).hasSize(2).allSatisfy(x -> {
                assertThat(x.status().code().isCommunicationFailure()).as(x.toString()).isTrue();
                assertThat(x.value()).isNull();
            });
        }
        assertThat(driver.write(List.of(new ChannelWrite(HOLDING_CHANNELS.get(0), TypedValue.ofInteger(1)))))
                .singleElement().satisfies(x -> assertThat(x.status().code().isCommunicationFailure()).isTrue());

        server.start(); // same port
        await("reconnection", () -> driver.read(channels).stream().allMatch(ChannelResult::isOk));
        assertThat(values(driver.read(channels))).containsEntry("int16", -2).containsEntry("coil0", true);
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void aConnectionTheDeviceDroppedWhileIdleIsReplacedWithoutAnError() throws Exception {
        Driver driver = driver("plc-idle");
        List<Channel> channels = List.of(HOLDING_CHANNELS.get(0));
        assertThat(driver.read(channels).get(0).isOk()).isTrue();
        server.dropConnections();
        assertThat(driver.read(channels)).singleElement().satisfies(r -> assertThat(r.isOk()).as(r.toString())
                .isTrue());
        assertThat(server.accepted()).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneSerialisedConnection() throws Exception {
        Driver driver = driver("plc-concurrent");
        List<Channel> channels = concat(HOLDING_CHANNELS, OTHER_CHANNELS);
        Map<String, Object> expected = values(driver.read(channels));
        assertThat(expected.values()).noneMatch(v -> v instanceof StatusCode);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        if (!values(driver.read(channels)).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertThat(f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void aSilentServerGivesTimeoutsAndTheDriverRecovers() throws Exception {
        Driver driver = driver("plc-silent", "responseTimeoutMs", 300, "reconnectBackoffInitialMs", 50,
                "reconnectBackoffMaxMs", 100);
        Channel c = HOLDING_CHANNELS.get(1);
        assertThat(driver.read(List.of(c)).get(0).isOk()).isTrue();
        server.mute(true);
        ChannelResult r = driver.read(List.of(c)).get(0);
        assertThat(r.status().code()).isEqualTo(StatusCode.TIMEOUT);
        assertThat(r.status().message()).contains("no answer within 300 ms");
        server.mute(false);
        await("recovery", () -> driver.read(List.of(c)).get(0).isOk());
        assertThat(driver.connect().isOk()).isTrue();
    }

    @Test
    void connectsOnlyWhenAskedAndDisconnectsOnRequest() throws Exception {
        Driver driver = driver("plc-lazy");
        assertThat(server.accepted()).as("no I/O at activation").isZero();
        assertThat(driver.connect().isOk()).isTrue();
        assertThat(driver.connect().isOk()).isTrue();
        await("connection", () -> server.openConnections() == 1);
        assertThat(server.accepted()).isEqualTo(1);
        driver.disconnect();
        await("disconnection", () -> server.openConnections() == 0);
        assertThat(driver.read(List.of(HOLDING_CHANNELS.get(0))).get(0).isOk()).isTrue();
        assertThat(server.accepted()).isEqualTo(2);
        assertThat(driver.channelDescriptor().setting("registerKind")).isNotNull();
    }

    @Test
    void worksWithJ2modsStockSlave() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        SimpleProcessImage img = new SimpleProcessImage(ModbusTestServer.UNIT);
        img.addRegister(new SimpleRegister(0x4049));
        img.addRegister(new SimpleRegister(0x0FDB));
        img.addDigitalOut(new SimpleDigitalOut(true));
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(ModbusTestServer.UNIT, img);
        slave.open();
        try {
            Driver driver = driver("plc-stock", "port", port);
            Channel f = holding("pi", DataType.FLOAT, 0, "FLOAT32", "BIG", "BIG");
            Channel coil = ch("coil", DataType.BOOLEAN, ChannelMode.READ_WRITE, "registerKind", "COIL", "address", 0);
            assertThat(values(driver.read(List.of(f, coil)))).containsEntry("pi", 3.1415927f).containsEntry("coil",
                    true);
            assertThat(driver.write(List.of(new ChannelWrite(coil, TypedValue.ofBoolean(false))))).singleElement()
                    .satisfies(r -> assertThat(r.isOk()).isTrue());
            assertThat(img.getDigitalOut(0).isSet()).isFalse();
        } finally {
            // close the client side first, so that the slave's connection handler ends
            trackers.forEach(ServiceTracker::close);
            trackers.clear();
            for (Configuration c : configurations) {
                c.delete();
            }
            configurations.clear();
            ModbusSlaveFactory.close(slave);
        }
    }

    // ---- component lifecycle ----------------------------------------------------------------------------------

    @Test
    @WithFactoryConfiguration(factoryPid = PID, name = "a", location = "?", properties = {
            @Property(key = "weir.driver.name", value = "plc-a"),
            @Property(key = "host", value = "192.0.2.10"),
            @Property(key = "port", value = "1502", scalar = Property.Scalar.Integer)})
    @WithFactoryConfiguration(factoryPid = PID, name = "b", location = "?", properties = {
            @Property(key = "weir.driver.name", value = "plc-b"),
            @Property(key = "host", value = "192.0.2.11")})
    void factoryConfigurationsCreateInstancesThatAdvertiseTheirProperties(
            @InjectService(filter = "(weir.driver.name=plc-*)", cardinality = 2, timeout = TIMEOUT_MS)
            ServiceAware<Driver> drivers) throws Exception {
        assertThat(drivers.getServiceReferences()).hasSize(2);
        Map<String, ServiceReference<Driver>> byName = drivers.getServiceReferences().stream().collect(
                Collectors.toMap(r -> (String) r.getProperty(Driver.NAME_PROPERTY), r -> r));
        assertThat(byName).containsOnlyKeys("plc-a", "plc-b");
        ServiceReference<Driver> a = byName.get("plc-a");
        assertThat(a.getProperty(DriverProtocol.PROPERTY)).isEqualTo("modbus");
        assertThat(a.getProperty("service.factoryPid")).isEqualTo(PID);
        assertThat(a.getProperty("host")).isEqualTo("192.0.2.10");
        assertThat(a.getProperty("port")).isEqualTo(1502);
        assertThat(byName.get("plc-b").getProperty("port")).as("metatype default").isEqualTo(502);
        assertThat(byName.get("plc-b").getProperty("maxRegistersPerRequest")).isEqualTo(125);
        // no I/O at activation: the service is there although 192.0.2.x (TEST-NET) is unreachable
        assertThat(drivers.getService()).isNotNull();

        Configuration configA = cm.getFactoryConfiguration(PID, "a", "?");
        configA.delete();
        await("plc-a to go", () -> drivers.getServiceReferences().size() == 1);
        assertThat(drivers.getServiceReference().getProperty(Driver.NAME_PROPERTY)).isEqualTo("plc-b");
    }

    @Test
    void deactivationClosesTheConnectionAndLeavesNoThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Driver driver = driver("plc-threads");
        assertThat(driver.read(HOLDING_CHANNELS)).allSatisfy(r -> assertThat(r.isOk()).isTrue());
        assertThat(server.openConnections()).isEqualTo(1);

        configurations.get(0).delete();
        await("service to go", () -> trackers.get(0).isEmpty());
        await("connection to close", () -> server.openConnections() == 0);
        List<String> leftovers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.getName().startsWith("itest-"))
                .map(Thread::getName).toList();
        assertThat(leftovers).as("threads started since the driver was created")
                .noneMatch(n -> n.toLowerCase().matches(".*(weir|modbus|j2mod).*"));
        // the deactivated instance refuses requests instead of reconnecting
        assertThat(driver.read(List.of(HOLDING_CHANNELS.get(0)))).singleElement()
                .satisfies(r -> assertThat(r.status().message()).contains("deactivated"));
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void publishesItsMetatype(@InjectService(timeout = TIMEOUT_MS) MetaTypeService metatype) {
        Bundle bundle = Arrays.stream(context.getBundles())
                .filter(b -> "io.weir.driver.modbus".equals(b.getSymbolicName())).findFirst().orElseThrow();
        MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
        assertThat(info.getFactoryPids()).contains(PID);
        ObjectClassDefinition ocd = info.getObjectClassDefinition(PID, null);
        assertThat(Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED))
                .map(AttributeDefinition::getID)).contains("weir.driver.name", "host");
        assertThat(Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                .map(AttributeDefinition::getID)).contains("port", "unitId", "connectTimeoutMs", "responseTimeoutMs",
                        "reconnectBackoffInitialMs", "reconnectBackoffMaxMs", "maxRegistersPerRequest",
                        "maxGapToMerge");
    }

    private static int[] registers(SimpleProcessImage img, int start, int count) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = img.getRegister(start + i).getValue();
        }
        return w;
    }

    private static List<Channel> concat(List<Channel> a, List<Channel> b) {
        List<Channel> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
