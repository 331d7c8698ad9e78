// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.asset.AssetState;
import io.weir.asset.AssetStatusReason;
import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

class OutcomeTest {

    private static Channel ch(String name) {
        return new Channel(name, DataType.DOUBLE, ChannelMode.READ, Map.of());
    }

    private static ChannelResult ok(String name, double v) {
        return ChannelResult.ok(name, TypedValue.ofDouble(v), 1);
    }

    private static ChannelResult err(String name, StatusCode code, String message) {
        return ChannelResult.error(name, DriverStatus.error(code, message), 1);
    }

    private final List<Channel> abc = List.of(ch("a"), ch("b"), ch("c"));

    @Test
    void allOkIsOnlineWithEveryValueInChannelOrder() {
        Outcome o = Outcome.evaluate(abc, List.of(ok("a", 1), ok("b", 2), ok("c", 3)), "d");
        assertThat(o.state()).isEqualTo(AssetState.ONLINE);
        assertThat(o.reason()).isEqualTo(AssetStatusReason.NONE);
        assertThat(o.message()).isEmpty();
        assertThat(List.copyOf(o.values().keySet())).containsExactly("a", "b", "c");
    }

    @Test
    void partialFailureIsOnlineAndListsTheFailingChannels() {
        Outcome o = Outcome.evaluate(abc, List.of(ok("a", 1), err("b", StatusCode.TIMEOUT, "no answer in 1000 ms"),
                err("c", StatusCode.DEVICE_ERROR, "illegal data address")), "d");
        assertThat(o.state()).isEqualTo(AssetState.ONLINE);
        assertThat(o.reason()).isEqualTo(AssetStatusReason.CHANNEL_ERROR);
        assertThat(o.values()).containsOnlyKeys("a");
        assertThat(o.message()).isEqualTo("2 of 3 channels failing: b (TIMEOUT: no answer in 1000 ms), "
                + "c (DEVICE_ERROR: illegal data address)");
    }

    @Test
    void everyChannelUnreachableIsOfflineWithoutValues() {
        Outcome o = Outcome.evaluate(abc, List.of(err("a", StatusCode.COMMUNICATION_ERROR, "connection refused"),
                err("b", StatusCode.TIMEOUT, ""), err("c", StatusCode.COMMUNICATION_ERROR, "connection refused")),
                "modbus-1");
        assertThat(o.state()).isEqualTo(AssetState.OFFLINE);
        assertThat(o.reason()).isEqualTo(AssetStatusReason.COMMUNICATION_ERROR);
        assertThat(o.values()).isEmpty();
        assertThat(o.message()).isEqualTo("device not reachable through driver modbus-1: "
                + "COMMUNICATION_ERROR: connection refused");
    }

    @Test
    void everyChannelAnsweredWithAnErrorIsOfflineDeviceError() {
        Outcome o = Outcome.evaluate(abc, List.of(err("a", StatusCode.DEVICE_ERROR, "x"),
                err("b", StatusCode.INVALID_CHANNEL, "y"), err("c", StatusCode.DEVICE_ERROR, "z")), "d");
        assertThat(o.state()).isEqualTo(AssetState.OFFLINE);
        assertThat(o.reason()).isEqualTo(AssetStatusReason.DEVICE_ERROR);
    }

    @Test
    void everyChannelRejectedIsAConfigurationError() {
        Outcome o = Outcome.evaluate(abc, List.of(err("a", StatusCode.INVALID_CHANNEL, "bad address"),
                err("b", StatusCode.UNSUPPORTED, "no"), err("c", StatusCode.TYPE_MISMATCH, "no")), "d");
        assertThat(o.state()).isEqualTo(AssetState.ERROR);
        assertThat(o.reason()).isEqualTo(AssetStatusReason.CONFIGURATION_ERROR);
        assertThat(o.message()).contains("a (INVALID_CHANNEL: bad address)");
    }

    @Test
    void aValueOfTheWrongTypeOrAMissingResultIsAFailure() {
        Outcome o = Outcome.evaluate(abc, List.of(ChannelResult.ok("a", TypedValue.ofLong(1), 1), ok("c", 3)), "d");
        assertThat(o.values()).containsOnlyKeys("c");
        assertThat(o.failures().get("a").code()).isEqualTo(StatusCode.TYPE_MISMATCH);
        assertThat(o.failures().get("b").code()).isEqualTo(StatusCode.DEVICE_ERROR);
        assertThat(o.message()).contains("driver returned LONG for a DOUBLE channel").contains("no result from the driver");
    }

    @Test
    void resultsAreMatchedByNameWhenTheDriverReorders() {
        Outcome o = Outcome.evaluate(abc, List.of(ok("c", 3), ok("a", 1), ok("b", 2)), "d");
        assertThat(List.copyOf(o.values().keySet())).containsExactly("a", "b", "c");
        assertThat(o.values().get("a")).isEqualTo(TypedValue.ofDouble(1));
    }

    @Test
    void longFailureListsAreCut() {
        List<Channel> many = new ArrayList<>();
        List<ChannelResult> results = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(ch("c" + i));
            results.add(i == 0 ? ok("c0", 0) : err("c" + i, StatusCode.DEVICE_ERROR, ""));
        }
        Outcome o = Outcome.evaluate(many, results, "d");
        assertThat(o.message()).startsWith("8 of 9 channels failing: c1 (DEVICE_ERROR)").endsWith("and 3 more");
    }
}
