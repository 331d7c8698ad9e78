// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PolicyName;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.Task;
import io.weir.scheduler.policy.reservation.DynamicReservationPolicy;
import io.weir.scheduler.policy.reservation.DynamicReservationSettings;

/**
 * Registers {@link DynamicReservationPolicy} as the {@link SchedulingPolicy} {@value DynamicReservationPolicy#NAME}.
 * A configuration change restarts the component (no {@code @Modified}): every ratio starts again at {@code
 * initialRatio}, and an invalid configuration leaves the policy unregistered.
 */
@Component(service = SchedulingPolicy.class, configurationPid = DynamicReservationComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = DynamicReservationConfig.class)
@PolicyName(DynamicReservationPolicy.NAME)
public final class DynamicReservationComponent implements SchedulingPolicy {

    /** Configuration PID. */
    static final String PID = "io.weir.scheduler.policy.reservation";

    private static final Logger LOG = LoggerFactory.getLogger(DynamicReservationComponent.class);

    private final DynamicReservationPolicy policy;

    /**
     * @param config the configuration
     * @throws IllegalArgumentException naming the PID and the attribute when the configuration is invalid
     */
    @Activate
    public DynamicReservationComponent(DynamicReservationConfig config) {
        this.policy = new DynamicReservationPolicy(settings(config));
        LOG.info("scheduling policy {} ready ({})", DynamicReservationPolicy.NAME, policy.settings());
    }

    static DynamicReservationSettings settings(DynamicReservationConfig config) {
        try {
            return new DynamicReservationSettings(config.highPriorityMax(), config.growAbove(), config.shrinkBelow(),
                    config.ratioStep(), config.initialRatio(), config.minRatio(), config.maxRatio(),
                    config.adjustIntervalMs());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": invalid configuration: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return policy.name();
    }

    @Override
    public Placement place(Task task, ClusterView view) {
        return policy.place(task, view);
    }
}
