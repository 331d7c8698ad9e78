// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.weir.asset.AssetState;
import io.weir.asset.AssetStatusReason;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * What one sample (or the latest listen results) means: the values that go into the record and the status the
 * asset is in afterwards. Pure logic; the rules are:
 * <ul>
 * <li>every channel ok: ONLINE, NONE;</li>
 * <li>some channels ok: ONLINE, CHANNEL_ERROR, the message lists the failing channels;</li>
 * <li>no channel ok and at least one could not reach the device (communication failure or timeout): OFFLINE,
 * COMMUNICATION_ERROR, and no record;</li>
 * <li>no channel ok, the device answered with errors: OFFLINE, DEVICE_ERROR;</li>
 * <li>no channel ok, the driver rejects the channels (invalid, unsupported, type mismatch): ERROR,
 * CONFIGURATION_ERROR.</li>
 * </ul>
 * A result whose value does not have the channel's type counts as a TYPE_MISMATCH failure, so records always
 * carry the configured types. A channel without a result counts as a DEVICE_ERROR failure.
 *
 * @param values the ok values by channel name, in channel order; unmodifiable
 * @param state the resulting state
 * @param reason the resulting reason
 * @param message the status message, empty when everything is fine
 * @param failures the failed channels with their status, in channel order; unmodifiable
 */
record Outcome(Map<String, TypedValue> values, AssetState state, AssetStatusReason reason, String message,
        Map<String, DriverStatus> failures) {

    /** Failing channels named in a status message; the rest are counted. */
    static final int LISTED_FAILURES = 5;

    /**
     * @param channels the channels that were read, in order
     * @param results the driver's results, normally one per channel in the same order
     * @param driverName the driver instance name, for messages
     * @return the outcome, never {@code null}
     */
    static Outcome evaluate(List<Channel> channels, List<ChannelResult> results, String driverName) {
        Map<String, ChannelResult> byName = new HashMap<>();
        for (ChannelResult r : results) {
            byName.putIfAbsent(r.channel(), r);
        }
        Map<String, TypedValue> values = new LinkedHashMap<>();
        Map<String, DriverStatus> failures = new LinkedHashMap<>();
        for (Channel c : channels) {
            ChannelResult r = byName.get(c.name());
            if (r == null) {
                failures.put(c.name(), DriverStatus.error(StatusCode.DEVICE_ERROR, "no result from the driver"));
            } else if (!r.isOk()) {
                failures.put(c.name(), r.status());
            } else if (r.value().type() != c.type()) {
                failures.put(c.name(), DriverStatus.error(StatusCode.TYPE_MISMATCH,
                        "driver returned " + r.value().type() + " for a " + c.type() + " channel"));
            } else {
                values.put(c.name(), r.value());
            }
        }
        values = Collections.unmodifiableMap(values);
        failures = Collections.unmodifiableMap(failures);
        if (failures.isEmpty()) {
            return new Outcome(values, AssetState.ONLINE, AssetStatusReason.NONE, "", failures);
        }
        if (!values.isEmpty()) {
            return new Outcome(values, AssetState.ONLINE, AssetStatusReason.CHANNEL_ERROR,
                    failures.size() + " of " + channels.size() + " channels failing: " + list(failures), failures);
        }
        DriverStatus comm = first(failures, true, StatusCode.OK);
        if (comm != null) {
            return new Outcome(values, AssetState.OFFLINE, AssetStatusReason.COMMUNICATION_ERROR,
                    "device not reachable through driver " + driverName + ": " + describe(comm), failures);
        }
        DriverStatus device = first(failures, false, StatusCode.DEVICE_ERROR);
        if (device != null) {
            return new Outcome(values, AssetState.OFFLINE, AssetStatusReason.DEVICE_ERROR,
                    "the device answers every channel with an error: " + list(failures), failures);
        }
        return new Outcome(values, AssetState.ERROR, AssetStatusReason.CONFIGURATION_ERROR,
                "driver " + driverName + " rejects every channel: " + list(failures), failures);
    }

    private static DriverStatus first(Map<String, DriverStatus> failures, boolean communication, StatusCode code) {
        for (DriverStatus s : failures.values()) {
            if (communication ? s.code().isCommunicationFailure() : s.code() == code) {
                return s;
            }
        }
        return null;
    }

    static String describe(DriverStatus s) {
        return s.message().isEmpty() ? s.code().name() : s.code() + ": " + s.message();
    }

    static String list(Map<String, DriverStatus> failures) {
        List<String> parts = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, DriverStatus> e : failures.entrySet()) {
            if (n++ == LISTED_FAILURES) {
                parts.add("and " + (failures.size() - LISTED_FAILURES) + " more");
                break;
            }
            parts.add(e.getKey() + " (" + describe(e.getValue()) + ")");
        }
        return String.join(", ", parts);
    }
}
