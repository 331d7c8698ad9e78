// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency.internal;

import java.util.Arrays;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PolicyName;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.Task;
import io.weir.scheduler.policy.latency.DeadlineMissAction;
import io.weir.scheduler.policy.latency.LatencyAwarePolicy;
import io.weir.scheduler.policy.latency.LatencyAwareSettings;

/**
 * Registers {@link LatencyAwarePolicy} as the {@link SchedulingPolicy} {@value LatencyAwarePolicy#NAME}. A
 * configuration change restarts the component (no {@code @Modified}; the policy has no state to keep); an invalid
 * configuration leaves the policy unregistered.
 */
@Component(service = SchedulingPolicy.class, configurationPid = LatencyAwareComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = LatencyAwareComponent.Config.class)
@PolicyName(LatencyAwarePolicy.NAME)
public final class LatencyAwareComponent implements SchedulingPolicy {

    /** Configuration PID. */
    static final String PID = "io.weir.scheduler.policy.latency";

    private static final Logger LOG = LoggerFactory.getLogger(LatencyAwareComponent.class);

    /** Configuration of the latency-aware policy. */
    @ObjectClassDefinition(name = "Weir scheduling policy: latency-aware offload",
            description = "Places each task on the target with the least expected completion time (queue, compute "
                    + "and, for remote targets, uplink and downlink, from the scheduler's EWMA estimates), among those "
                    + "that meet its deadline.")
    @interface Config {

        @AttributeDefinition(name = "Remote deadline margin (ms)", min = "0",
                description = "Added to a remote target's expected completion time when checking a deadline (not "
                        + "when ranking), for network jitter. Finite, >= 0.")
        double remoteDeadlineMarginMs() default 0;

        @AttributeDefinition(name = "When no target meets the deadline",
                description = "RUN_FASTEST: place the task on the fastest target anyway (reason 'deadline at risk'); "
                        + "REJECT: reject it ('deadline unreachable').")
        DeadlineMissAction onDeadlineMiss() default DeadlineMissAction.RUN_FASTEST;
    }

    private final LatencyAwarePolicy policy;

    /**
     * @param config the configuration
     * @throws IllegalArgumentException naming the PID and the attribute when the configuration is invalid
     */
    @Activate
    public LatencyAwareComponent(Config config) {
        this.policy = new LatencyAwarePolicy(settings(config));
        LOG.info("scheduling policy {} ready ({})", LatencyAwarePolicy.NAME, policy.settings());
    }

    static LatencyAwareSettings settings(Config config) {
        DeadlineMissAction action;
        try {
            action = config.onDeadlineMiss();
        } catch (RuntimeException e) {
            // SCR converts the configured string when the method is called: an unknown name fails here
            throw new IllegalArgumentException(PID + ": invalid configuration: 'onDeadlineMiss' must be one of "
                    + Arrays.toString(DeadlineMissAction.values()) + ": " + e.getMessage(), e);
        }
        try {
            return new LatencyAwareSettings(config.remoteDeadlineMarginMs(), action);
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
