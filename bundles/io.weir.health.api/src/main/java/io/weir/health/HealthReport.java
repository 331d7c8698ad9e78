// SPDX-License-Identifier: Apache-2.0
package io.weir.health;

import org.osgi.annotation.versioning.ProviderType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of one contributor's health.
 *
 * @param state the state, never {@code null}
 * @param message a short human-readable explanation, empty when there is nothing to say; never {@code null}
 * @param details extra facts shown with the report (for example {@code queued=12}); insertion order is
 *        kept; copied, never {@code null}. Must never hold secrets.
 */
@ProviderType
public record HealthReport(HealthState state, String message, Map<String, String> details) {

    /** Validates and copies. */
    public HealthReport {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    }

    /** @return an UP report with no message */
    public static HealthReport up() {
        return new HealthReport(HealthState.UP, "", Map.of());
    }

    /**
     * @param message why the contributor is down, not {@code null}
     * @return a DOWN report
     */
    public static HealthReport down(String message) {
        return new HealthReport(HealthState.DOWN, message, Map.of());
    }
}
