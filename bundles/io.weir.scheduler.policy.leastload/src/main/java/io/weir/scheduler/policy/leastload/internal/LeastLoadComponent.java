// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.leastload.internal;

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
import io.weir.scheduler.policy.leastload.LeastLoadPolicy;
import io.weir.scheduler.policy.leastload.LeastLoadSettings;

/**
 * Registers {@link LeastLoadPolicy} as the {@link SchedulingPolicy} {@value LeastLoadPolicy#NAME}. A configuration
 * change restarts the component (no {@code @Modified}); an invalid configuration leaves the policy unregistered.
 */
@Component(service = SchedulingPolicy.class, configurationPid = LeastLoadComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = LeastLoadComponent.Config.class)
@PolicyName(LeastLoadPolicy.NAME)
public final class LeastLoadComponent implements SchedulingPolicy {

    /** Configuration PID. */
    static final String PID = "io.weir.scheduler.policy.leastload";

    private static final Logger LOG = LoggerFactory.getLogger(LeastLoadComponent.class);

    /** Configuration of the least-load policy. */
    @ObjectClassDefinition(name = "Weir scheduling policy: least load",
            description = "Greedy: each task goes to the available target with the lowest utilisation after "
                    + "placing it (load + 1 / capacity), ties by target id.")
    @interface Config {

        @AttributeDefinition(name = "Maximum utilisation", min = "0",
                description = "Targets whose utilisation after the task would exceed this are skipped; the task "
                        + "is deferred when all are. 0 = no limit.")
        double maxUtilisation() default 0;
    }

    private final LeastLoadPolicy policy;

    /**
     * @param config the configuration
     * @throws IllegalArgumentException naming the PID and the attribute when the configuration is invalid
     */
    @Activate
    public LeastLoadComponent(Config config) {
        this.policy = new LeastLoadPolicy(settings(config));
        LOG.info("scheduling policy {} ready (maxUtilisation {})", LeastLoadPolicy.NAME, config.maxUtilisation());
    }

    static LeastLoadSettings settings(Config config) {
        try {
            return new LeastLoadSettings(config.maxUtilisation());
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
