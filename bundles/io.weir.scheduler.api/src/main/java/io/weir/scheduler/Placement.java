// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A policy's answer for one task: run it on a target, defer it, or reject it, with a reason that the scheduler
 * records in its metrics and logs. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param decision what to do
 * @param targetId the {@linkplain TargetView#id() target} for {@link PlacementDecision#PLACE}, {@code null}
 *        otherwise
 * @param reason a short explanation, for example {@code "least expected completion 12.5 ms"}; not {@code null}
 */
@ProviderType
public record Placement(PlacementDecision decision, @Nullable String targetId, String reason) {

    /**
     * Checks that exactly the placements that run somewhere name a target.
     *
     * @param decision see {@link #decision()}
     * @param targetId see {@link #targetId()}
     * @param reason see {@link #reason()}
     */
    public Placement {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        if ((decision == PlacementDecision.PLACE) != (targetId != null)) {
            throw new IllegalArgumentException(decision + " placement " + (targetId == null ? "needs" : "takes no")
                    + " target id");
        }
        if (targetId != null && targetId.isEmpty()) {
            throw new IllegalArgumentException("target id must not be empty");
        }
    }

    /**
     * @param targetId the target to run on, not empty
     * @param reason why
     * @return a {@link PlacementDecision#PLACE} placement
     */
    public static Placement to(String targetId, String reason) {
        return new Placement(PlacementDecision.PLACE, Objects.requireNonNull(targetId, "targetId"), reason);
    }

    /**
     * @param reason why
     * @return a {@link PlacementDecision#DEFER} placement
     */
    public static Placement defer(String reason) {
        return new Placement(PlacementDecision.DEFER, null, reason);
    }

    /**
     * @param reason why
     * @return a {@link PlacementDecision#REJECT} placement
     */
    public static Placement reject(String reason) {
        return new Placement(PlacementDecision.REJECT, null, reason);
    }
}
