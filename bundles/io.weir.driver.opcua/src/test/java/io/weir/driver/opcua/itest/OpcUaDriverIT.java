// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.itest;

import static io.weir.driver.opcua.itest.Drivers.assertOk;
import static io.weir.driver.opcua.itest.Drivers.channel;
import static io.weir.driver.opcua.itest.Drivers.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverException;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * Reads, writes and subscriptions against a real Milo server in the same framework, security policy None.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class OpcUaDriverIT {

    private static TestServer server;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Drivers.TIMEOUT_MS)
    ConfigurationAdmin cm;

    private Drivers drivers;
    private Driver driver;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.open(TestServer.tempDir("opcua-itest-server"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void createDriver() throws Exception {
        drivers = new Drivers(context, cm);
        driver = drivers.create(props("plc-none", server.url()));
    }

    @AfterEach
    void deleteDriver() throws Exception {
        drivers.close();
    }

    @Test
    void readsEveryTypeInOneReadRequest() {
        List<Channel> channels = List.of(
                channel("b", DataType.BOOLEAN, ChannelMode.READ, "ns=2;s=Boolean"),
                channel("i16", DataType.INTEGER, ChannelMode.READ, "ns=2;s=Int16"),
                channel("u16", DataType.INTEGER, ChannelMode.READ, "ns=2;s=UInt16"),
                channel("i32", DataType.INTEGER, ChannelMode.READ, "ns=2;s=Int32"),
                channel("u32", DataType.LONG, ChannelMode.READ, "ns=2;s=UInt32"),
                channel("i64", DataType.LONG, ChannelMode.READ, "ns=2;s=Int64"),
                channel("f", DataType.FLOAT, ChannelMode.READ, "ns=2;s=Float"),
                channel("d", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=Double"),
                channel("s", DataType.STRING, ChannelMode.READ, "ns=2;s=String"),
                channel("bs", DataType.BYTES, ChannelMode.READ, "ns=2;s=ByteString"),
                channel("ro", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=ReadOnlyDouble"),
                channel("num", DataType.DOUBLE, ChannelMode.READ, "ns=2;i=1001"),
                channel("byUri", DataType.DOUBLE, ChannelMode.READ, "nsu=" + TestNamespace.URI + ";s=ReadOnlyDouble"),
                channel("name", DataType.STRING, ChannelMode.READ, "ns=2;s=Double", "attribute", "DisplayName"));
        TestNamespace ns = server.namespace();
        ns.set("Boolean", true);
        ns.set("Int16", (short) -1234);
        ns.set("UInt16", UShort.valueOf(65535));
        ns.set("Int32", -70000);
        ns.set("UInt32", UInteger.valueOf(4_000_000_000L));
        ns.set("Int64", 1L << 40);
        ns.set("Float", 1.25f);
        ns.set("Double", -2.5);
        ns.set("String", "grüße");
        ns.set("ByteString", org.eclipse.milo.opcua.stack.core.types.builtin.ByteString.of(new byte[] { 1, 2, 3 }));
        int readsBefore = readCallsAfterWarmUp();

        List<ChannelResult> results = driver.read(channels);

        assertThat(ns.readCalls.get() - readsBefore).as("Read service calls").isEqualTo(1);
        assertThat(results).hasSize(channels.size());
        results.forEach(Drivers::assertOk);
        assertThat(results).extracting(ChannelResult::channel).containsExactly("b", "i16", "u16", "i32", "u32",
                "i64", "f", "d", "s", "bs", "ro", "num", "byUri", "name");
        assertThat(results).extracting(ChannelResult::value).containsExactly(TypedValue.ofBoolean(true),
                TypedValue.ofInteger(-1234), TypedValue.ofInteger(65535), TypedValue.ofInteger(-70000),
                TypedValue.ofLong(4_000_000_000L), TypedValue.ofLong(1L << 40), TypedValue.ofFloat(1.25f),
                TypedValue.ofDouble(-2.5), TypedValue.ofString("grüße"), TypedValue.ofBytes(new byte[] { 1, 2, 3 }),
                TypedValue.ofDouble(42.5), TypedValue.ofDouble(1.5), TypedValue.ofDouble(42.5),
                TypedValue.ofString("Double display"));
        assertThat(results.get(0).timestamp()).isGreaterThan(System.currentTimeMillis() - 60_000);
    }

    private int readCallsAfterWarmUp() {
        // the first read opens the session, which reads the server's namespace array (namespace 0, not ours)
        assertOk(driver.read(List.of(channel("w", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=Double"))).get(0));
        return server.namespace().readCalls.get();
    }

    @Test
    void writesThenReadsBack() {
        Channel i16 = channel("i16", DataType.INTEGER, ChannelMode.READ_WRITE, "ns=2;s=Int16", "opcuaType", "Int16");
        Channel u32 = channel("u32", DataType.LONG, ChannelMode.READ_WRITE, "ns=2;s=UInt32", "opcuaType", "UInt32");
        Channel d = channel("d", DataType.DOUBLE, ChannelMode.READ_WRITE, "ns=2;s=Double");
        Channel f = channel("f", DataType.FLOAT, ChannelMode.READ_WRITE, "ns=2;s=Float");
        Channel b = channel("b", DataType.BOOLEAN, ChannelMode.READ_WRITE, "ns=2;s=Boolean");
        Channel i64 = channel("i64", DataType.LONG, ChannelMode.READ_WRITE, "ns=2;s=Int64");
        Channel s = channel("s", DataType.STRING, ChannelMode.WRITE, "ns=2;s=String");
        Channel bs = channel("bs", DataType.BYTES, ChannelMode.READ_WRITE, "ns=2;s=ByteString");

        List<ChannelResult> written = driver.write(List.of(
                new ChannelWrite(i16, TypedValue.ofInteger(-321)),
                new ChannelWrite(u32, TypedValue.ofLong(3_000_000_000L)),
                new ChannelWrite(d, TypedValue.ofDouble(6.02e23)),
                new ChannelWrite(f, TypedValue.ofFloat(-0.5f)),
                new ChannelWrite(b, TypedValue.ofBoolean(true)),
                new ChannelWrite(i64, TypedValue.ofLong(Long.MIN_VALUE)),
                new ChannelWrite(s, TypedValue.ofString("hello")),
                new ChannelWrite(bs, TypedValue.ofBytes(new byte[] { 9, 8 }))));

        written.forEach(Drivers::assertOk);
        assertThat(written.get(0).value()).isEqualTo(TypedValue.ofInteger(-321));
        TestNamespace ns = server.namespace();
        assertThat(ns.get("Int16")).isEqualTo((short) -321);
        assertThat(ns.get("UInt32")).isEqualTo(UInteger.valueOf(3_000_000_000L));
        assertThat(ns.get("String")).isEqualTo("hello");

        List<ChannelResult> read = driver.read(List.of(i16, u32, d, f, b, i64, bs));
        assertThat(read).extracting(ChannelResult::value).containsExactly(TypedValue.ofInteger(-321),
                TypedValue.ofLong(3_000_000_000L), TypedValue.ofDouble(6.02e23), TypedValue.ofFloat(-0.5f),
                TypedValue.ofBoolean(true), TypedValue.ofLong(Long.MIN_VALUE), TypedValue.ofBytes(new byte[] { 9, 8 }));
    }

    @Test
    void reportsTypeMismatchesAndBadStatusesPerChannel() {
        List<ChannelResult> read = driver.read(List.of(
                channel("asInt", DataType.INTEGER, ChannelMode.READ, "ns=2;s=Double"),
                channel("asBool", DataType.BOOLEAN, ChannelMode.READ, "ns=2;s=Int32"),
                channel("missing", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=NoSuchNode"),
                channel("broken", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=Broken"),
                channel("unknownNs", DataType.DOUBLE, ChannelMode.READ, "nsu=urn:nowhere;s=X"),
                channel("writeOnly", DataType.DOUBLE, ChannelMode.WRITE, "ns=2;s=Double"),
                channel("good", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=ReadOnlyDouble")));

        assertStatus(read.get(0), StatusCode.TYPE_MISMATCH, "Double cannot be read as INTEGER");
        assertStatus(read.get(1), StatusCode.TYPE_MISMATCH, "Int32 cannot be read as BOOLEAN");
        assertStatus(read.get(2), StatusCode.DEVICE_ERROR, "Bad_NodeIdUnknown");
        assertStatus(read.get(3), StatusCode.DEVICE_ERROR, "Bad_DeviceFailure");
        assertStatus(read.get(4), StatusCode.DEVICE_ERROR, "Bad_NodeIdUnknown");
        assertStatus(read.get(5), StatusCode.UNSUPPORTED, "write-only");
        assertThat(read.get(6).value()).isEqualTo(TypedValue.ofDouble(42.5));

        Channel readOnly = channel("ro", DataType.DOUBLE, ChannelMode.READ_WRITE, "ns=2;s=ReadOnlyDouble");
        Channel int16AsInt32 = channel("i16", DataType.INTEGER, ChannelMode.READ_WRITE, "ns=2;s=Int16");
        Channel int16 = channel("i16", DataType.INTEGER, ChannelMode.READ_WRITE, "ns=2;s=Int16", "opcuaType", "Int16");
        Channel readMode = channel("r", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=Double");
        List<ChannelResult> written = driver.write(List.of(
                new ChannelWrite(readOnly, TypedValue.ofDouble(1)),
                new ChannelWrite(int16AsInt32, TypedValue.ofInteger(5)),
                new ChannelWrite(int16, TypedValue.ofInteger(70_000)),
                new ChannelWrite(int16, TypedValue.ofString("5")),
                new ChannelWrite(readMode, TypedValue.ofDouble(1)),
                new ChannelWrite(int16, TypedValue.ofInteger(7))));

        assertStatus(written.get(0), StatusCode.DEVICE_ERROR, "Bad_NotWritable");
        assertStatus(written.get(1), StatusCode.DEVICE_ERROR, "Bad_TypeMismatch");
        assertStatus(written.get(2), StatusCode.TYPE_MISMATCH, "out of the range of OPC UA Int16");
        assertStatus(written.get(3), StatusCode.TYPE_MISMATCH, "STRING value cannot be written as OPC UA Int16");
        assertStatus(written.get(4), StatusCode.UNSUPPORTED, "read-only");
        assertOk(written.get(5));
        assertThat(server.namespace().get("Int16")).isEqualTo((short) 7);
    }

    private static void assertStatus(ChannelResult r, StatusCode code, String messagePart) {
        assertThat(r.isOk()).as("%s", r).isFalse();
        assertThat(r.status().code()).as("%s", r).isEqualTo(code);
        assertThat(r.status().message()).contains(messagePart);
    }

    @Test
    void subscriptionDeliversChangesInOrderUntilUnlisten() throws Exception {
        Channel counter = channel("counter", DataType.INTEGER, ChannelMode.READ, "ns=2;s=Counter",
                "samplingIntervalMs", 20L);
        Channel text = channel("text", DataType.STRING, ChannelMode.READ, "ns=2;s=String");
        server.namespace().set("Counter", 0);
        Drivers.Recorder recorder = new Drivers.Recorder();

        driver.listen(List.of(counter, text), recorder);

        recorder.next(r -> r.channel().equals("counter") && r.isOk()
                && r.value().equals(TypedValue.ofInteger(0)), "initial counter value");
        List<Integer> seen = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            server.namespace().set("Counter", i);
            int expected = i;
            ChannelResult r = recorder.next(x -> x.channel().equals("counter")
                    && x.value().equals(TypedValue.ofInteger(expected)), "counter " + i);
            seen.add(r.value().intValue());
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
        assertThat(recorder.results).noneMatch(r -> !r.isOk());
        assertThat(recorder.threads).allMatch(t -> t.startsWith("weir-opcua-plc-none-worker-"));
        long items = monitoredItems();
        assertThat(items).isEqualTo(2);

        driver.unlisten(recorder);

        Drivers.eventually(() -> monitoredItems() == 0, "monitored items deleted on the server");
        driver.unlisten(recorder); // idempotent
    }

    private long monitoredItems() {
        return server.monitoredItems();
    }

    @Test
    void listenRejectsInvalidChannels() {
        Drivers.Recorder recorder = new Drivers.Recorder();
        assertThatThrownBy(() -> driver.listen(List.of(channel("x", DataType.DOUBLE, ChannelMode.WRITE,
                "ns=2;s=Double")), recorder)).isInstanceOf(DriverException.class).hasMessageContaining("write-only");
        assertThatThrownBy(() -> driver.listen(List.of(channel("x", DataType.DOUBLE, ChannelMode.READ,
                "ns=2;q=Double")), recorder)).isInstanceOf(DriverException.class).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> driver.validate(channel("x", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=A",
                "registerKind", "coil"))).isInstanceOf(DriverException.class).hasMessageContaining("registerKind");
    }

    @Test
    void explicitConnectAndDisconnect() {
        DriverStatus status = driver.connect();
        assertThat(status).isEqualTo(DriverStatus.OK);
        assertThat(driver.connect()).isEqualTo(DriverStatus.OK);
        driver.disconnect();
        driver.disconnect();
        assertOk(driver.read(List.of(channel("ro", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=ReadOnlyDouble")))
                .get(0));
    }
}
