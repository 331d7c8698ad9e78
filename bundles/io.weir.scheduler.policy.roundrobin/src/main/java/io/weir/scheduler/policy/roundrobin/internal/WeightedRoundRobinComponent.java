// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin.internal;

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
import io.weir.scheduler.policy.roundrobin.WeightedRoundRobinPolicy;
import io.weir.scheduler.policy.roundrobin.WeightedRoundRobinSettings;

/**
 * Registers {@link WeightedRoundRobinPolicy} as the {@link SchedulingPolicy} {@value WeightedRoundRobinPolicy#NAME}.
 * A configuration change restarts the component (no {@code @Modified}): the policy starts again with every current
 * weight at 0, and an invalid configuration leaves the policy unregistered.
 */
@Component(service = SchedulingPolicy.class, configurationPid = WeightedRoundRobinComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = WeightedRoundRobinComponent.Config.class)
@PolicyName(WeightedRoundRobinPolicy.NAME)
public final class WeightedRoundRobinComponent implements SchedulingPolicy {

    /** Configuration PID. */
    static final String PID = "io.weir.scheduler.policy.roundrobin";

    private static final Logger LOG = LoggerFactory.getLogger(WeightedRoundRobinComponent.class);

    /** Configuration of the weighted-round-robin policy. */
    @ObjectClassDefinition(name = "Weir scheduling policy: weighted round robin",
            description = "Smooth weighted round robin over the available targets; a target's weight is its "
                    + "capacity divided by its measured compute factor.")
    @interface Config {

        @AttributeDefinition(name = "Maximum weight", min = "0",
                description = "Caps a target's weight (capacity / compute factor), for an elastic cloud with "
                        + "unbounded capacity or a compute factor of 0. Finite, > 0.")
        double maxWeight() default 100;
    }

    private final WeightedRoundRobinPolicy policy;

    /**
     * @param config the configuration
     * @throws IllegalArgumentException naming the PID and the attribute when the configuration is invalid
     */
    @Activate
    public WeightedRoundRobinComponent(Config config) {
        this.policy = new WeightedRoundRobinPolicy(settings(config));
        LOG.info("scheduling policy {} ready (maxWeight {})", WeightedRoundRobinPolicy.NAME, config.maxWeight());
    }

    static WeightedRoundRobinSettings settings(Config config) {
        try {
            return new WeightedRoundRobinSettings(config.maxWeight());
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
