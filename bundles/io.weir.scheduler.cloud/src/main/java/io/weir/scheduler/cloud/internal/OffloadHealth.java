// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.weir.cloud.ConnectionState;
import io.weir.cloud.ConnectionStatus;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import io.weir.scheduler.LatencyEstimates;

/**
 * The {@code scheduler.cloud} part of {@code /health}: UP while connected (or disabled on purpose), DEGRADED while
 * the connection is down or offloading is paused because the cloud service does not answer (offloadable tasks then
 * run locally), with the counters, the link estimates and the service's state.
 */
final class OffloadHealth {

    private OffloadHealth() {
    }

    static HealthReport report(Settings settings, ConnectionStatus status, int inFlight, OffloadCounters counters,
            LinkEstimator estimator, ServiceBreaker breaker) {
        LatencyEstimates link = estimator.estimates();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("enabled", Boolean.toString(settings.enabled()));
        d.put("connection", status.state().name());
        d.put("capacity", Integer.toString(settings.capacity()));
        d.put("inFlight", Integer.toString(inFlight));
        counters.snapshot().forEach((k, v) -> d.put(k, Long.toString(v)));
        d.put("learnedFrom", Long.toString(estimator.samples()));
        d.put("service", breaker.state() == ServiceBreaker.State.CLOSED ? "answering" : breaker.state().name());
        d.put("pausedTimes", Long.toString(breaker.timesOpened()));
        d.put("uplinkMs", String.format(Locale.ROOT, "%.1f", link.uplinkMs()));
        d.put("uplinkMsPerKiB", String.format(Locale.ROOT, "%.3f", link.uplinkMsPerKiB()));
        d.put("downlinkMs", String.format(Locale.ROOT, "%.1f", link.downlinkMs()));
        if (!settings.enabled()) {
            return new HealthReport(HealthState.UP, "cloud offload is disabled by configuration", d);
        }
        if (status.state() != ConnectionState.CONNECTED) {
            return new HealthReport(HealthState.DEGRADED, "the cloud connection is " + status.state()
                    + "; offloadable tasks run locally", d);
        }
        String paused = breaker.refusal();
        if (paused != null) {
            return new HealthReport(HealthState.DEGRADED, paused + "; offloadable tasks run locally", d);
        }
        return new HealthReport(HealthState.UP, "", d);
    }
}
