// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.weir.asset.AssetStatus;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

/**
 * An asset's health contribution, {@code asset.<name>}: ONLINE (and UNKNOWN while starting) is UP, OFFLINE and
 * ERROR are DEGRADED with the reason; a broken asset degrades the gateway but does not make it DOWN. Reads
 * snapshots only, never blocks.
 */
final class AssetHealth implements HealthContributor {

    private final AssetRunner runner;

    AssetHealth(AssetRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "asset." + runner.name();
    }

    @Override
    public HealthReport health() {
        AssetStatus s = runner.status();
        AssetRunner.Counters c = runner.counters();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("state", s.state().name());
        details.put("reason", s.reason().name());
        details.put("since", Instant.ofEpochMilli(s.since()).toString());
        details.put("driver", runner.settings().driverName());
        details.put("samplingPeriodMs", Long.toString(runner.settings().samplingPeriodMs()));
        details.put("samples", Long.toString(c.samples()));
        details.put("records", Long.toString(c.records()));
        details.put("skippedSamples", Long.toString(c.skippedSamples()));
        details.put("listenerErrors", Long.toString(c.listenerErrors()));
        details.put("droppedValues", Long.toString(c.droppedValues()));
        return new HealthReport(state(s), message(s), details);
    }

    static HealthState state(AssetStatus s) {
        switch (s.state()) {
            case OFFLINE:
            case ERROR:
                return HealthState.DEGRADED;
            default:
                return HealthState.UP;
        }
    }

    static String message(AssetStatus s) {
        String head = s.state() + " (" + s.reason() + ")";
        return s.message().isEmpty() ? head : head + ": " + s.message();
    }
}
