// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import static io.weir.driver.modbus.internal.ChannelSettingsTest.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.DriverException;
import io.weir.driver.StatusCode;

/** The driver constructed directly, without a framework; device I/O only against a closed local port. */
class ModbusDriverTest {

    /** A config with the annotation's defaults, overridden by {@code values} (keys are method names). */
    static ModbusDriverConfig config(Object... values) {
        Map<String, Object> map = new HashMap<>();
        map.put("weir_driver_name", "plc1");
        map.put("host", "127.0.0.1");
        for (int i = 0; i < values.length; i += 2) {
            map.put((String) values[i], values[i + 1]);
        }
        return (ModbusDriverConfig) Proxy.newProxyInstance(ModbusDriverConfig.class.getClassLoader(),
                new Class<?>[] {ModbusDriverConfig.class}, (proxy, method, args) -> {
                    if (map.containsKey(method.getName())) {
                        return map.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> ModbusDriverConfig.class;
                        case "toString" -> map.toString();
                        default -> null;
                    };
                });
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static final Channel HOLDING = channel(DataType.INTEGER, ChannelMode.READ_WRITE,
            "registerKind", "HOLDING_REGISTER", "address", 0);

    @Test
    void rejectsInvalidConfigurationNamingPidAndAttribute() {
        assertThatThrownBy(() -> new ModbusDriver(config("weir_driver_name", " "))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("io.weir.driver.modbus")
                .hasMessageContaining("weir.driver.name");
        assertThatThrownBy(() -> new ModbusDriver(config("host", null))).hasMessageContaining("host");
        assertThatThrownBy(() -> new ModbusDriver(config("port", 0))).hasMessageContaining("port = 0");
        assertThatThrownBy(() -> new ModbusDriver(config("unitId", 256))).hasMessageContaining("unitId");
        assertThatThrownBy(() -> new ModbusDriver(config("responseTimeoutMs", 0)))
                .hasMessageContaining("responseTimeoutMs");
        assertThatThrownBy(() -> new ModbusDriver(config("reconnectBackoffInitialMs", 1000,
                "reconnectBackoffMaxMs", 999))).hasMessageContaining("reconnectBackoffMaxMs");
        assertThatThrownBy(() -> new ModbusDriver(config("maxRegistersPerRequest", 126)))
                .hasMessageContaining("maxRegistersPerRequest");
        assertThatThrownBy(() -> new ModbusDriver(config("maxBitsPerRequest", 0)))
                .hasMessageContaining("maxBitsPerRequest");
        assertThatThrownBy(() -> new ModbusDriver(config("maxGapToMerge", -1))).hasMessageContaining("maxGapToMerge");
    }

    @Test
    void unreachableDeviceGivesErrorResultsAndBacksOff() throws Exception {
        ModbusDriver driver = new ModbusDriver(config("port", closedPort(), "reconnectBackoffInitialMs", 60_000,
                "reconnectBackoffMaxMs", 60_000));
        try {
            List<ChannelResult> first = driver.read(List.of(HOLDING));
            assertThat(first).singleElement().satisfies(r -> {
                assertThat(r.status().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
                assertThat(r.status().message()).contains("cannot connect");
                assertThat(r.value()).isNull();
            });
            // within the backoff no new attempt is made: the answer says so and comes at once
            long start = System.nanoTime();
            List<ChannelResult> second = driver.read(List.of(HOLDING, HOLDING));
            assertThat(second).hasSize(2).allSatisfy(r -> {
                assertThat(r.status().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
                assertThat(r.status().message()).contains("next attempt in").contains("1 failure");
            });
            assertThat(driver.write(List.of(new ChannelWrite(HOLDING, TypedValue.ofInteger(1)))))
                    .singleElement().satisfies(r -> assertThat(r.status().code())
                            .isEqualTo(StatusCode.COMMUNICATION_ERROR));
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(1000);
            // an explicit connect ignores the backoff and makes one attempt
            assertThat(driver.connect().code()).isEqualTo(StatusCode.COMMUNICATION_ERROR);
        } finally {
            driver.deactivate();
        }
        assertThat(driver.read(List.of(HOLDING))).singleElement()
                .satisfies(r -> assertThat(r.status().message()).contains("deactivated"));
        assertThat(driver.connect().message()).contains("deactivated");
    }

    @Test
    void requestsThatCanNeverSucceedFailWithoutDeviceIo() throws Exception {
        // port 1 on loopback: any attempt to talk to it would give COMMUNICATION_ERROR, not the codes below
        ModbusDriver driver = new ModbusDriver(config("port", 1));
        try {
            Channel discrete = channel(DataType.BOOLEAN, ChannelMode.READ, "registerKind", "DISCRETE_INPUT",
                    "address", 0);
            Channel writeOnly = channel(DataType.BOOLEAN, ChannelMode.WRITE, "registerKind", "COIL", "address", 0);
            Channel invalid = channel(DataType.INTEGER, ChannelMode.READ_WRITE, "registerKind", "FOO", "address", 0);
            Channel int16 = channel(DataType.INTEGER, ChannelMode.READ_WRITE, "registerKind", "HOLDING_REGISTER",
                    "address", 0, "dataType", "INT16");
            assertThat(driver.read(List.of(writeOnly, invalid))).extracting(r -> r.status().code())
                    .containsExactly(StatusCode.UNSUPPORTED, StatusCode.INVALID_CHANNEL);
            List<ChannelResult> writes = driver.write(List.of(
                    new ChannelWrite(discrete, TypedValue.ofBoolean(true)),
                    new ChannelWrite(channel(DataType.BOOLEAN, ChannelMode.READ_WRITE, "registerKind",
                            "DISCRETE_INPUT", "address", 0), TypedValue.ofBoolean(true)),
                    new ChannelWrite(invalid, TypedValue.ofInteger(1)),
                    new ChannelWrite(int16, TypedValue.ofString("x")),
                    new ChannelWrite(int16, TypedValue.ofInteger(70_000))));
            assertThat(writes).extracting(r -> r.status().code()).containsExactly(StatusCode.UNSUPPORTED,
                    StatusCode.UNSUPPORTED, StatusCode.INVALID_CHANNEL, StatusCode.TYPE_MISMATCH,
                    StatusCode.TYPE_MISMATCH);
            assertThat(writes.get(1).status().message()).contains("DISCRETE_INPUT is read-only");
            assertThat(writes.get(4).status().message()).contains("INT16");
            assertThat(driver.read(List.of())).isEmpty();
            assertThat(driver.write(List.of())).isEmpty();
        } finally {
            driver.deactivate();
        }
    }

    @Test
    void validateAndListen() throws Exception {
        ModbusDriver driver = new ModbusDriver(config());
        driver.validate(HOLDING);
        assertThatThrownBy(() -> driver.validate(channel(DataType.BOOLEAN, ChannelMode.READ_WRITE,
                "registerKind", "DISCRETE_INPUT", "address", 3))).isInstanceOf(DriverException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> driver.validate(channel(DataType.INTEGER, ChannelMode.READ,
                "registerKind", "HOLDING_REGISTER", "address", 70_000))).isInstanceOf(DriverException.class)
                .hasMessageContaining("address 70000");
        assertThatThrownBy(() -> driver.listen(List.of(HOLDING), r -> { })).isInstanceOf(DriverException.class)
                .hasMessageContaining("sample");
        driver.unlisten(r -> { });
        assertThat(driver.channelDescriptor()).isSameAs(ChannelSettings.DESCRIPTOR);
        driver.deactivate();
        driver.deactivate();
    }
}
