// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the cloud offload target, PID {@value CloudOffloadTarget#PID}. {@link Settings#from} validates
 * it. A change restarts the component (no {@code @Modified}): tasks in flight fail and the scheduler runs them
 * locally, the learned link estimates start again from the priors.
 */
@ObjectClassDefinition(name = "Weir scheduler: cloud offload target",
        description = "The cloud as a scheduler target (id 'cloud'): offloaded tasks go out as OFFLOAD-V1 messages "
                + "through the cloud connector and their results come back as OFFLOAD-V1 requests.")
@interface CloudOffloadConfig {

    @AttributeDefinition(name = "Enabled", description = "false: the target stays registered but is never "
            + "available, so the scheduler places nothing on it")
    boolean enabled() default true;

    @AttributeDefinition(name = "Capacity", min = "1", description = "Tasks the scheduler keeps in flight to the "
            + "cloud at once; at most maxPending")
    int capacity() default 8;

    @AttributeDefinition(name = "Maximum pending requests", min = "1", max = "65536", description = "Requests "
            + "awaiting their result at most; beyond, a new task fails at once (the scheduler runs it locally)")
    int maxPending() default 256;

    @AttributeDefinition(name = "Maximum payload (bytes)", min = "0", max = "16000000", description = "A task whose "
            + "offload payload is larger is refused at once (the scheduler runs it locally)")
    int maxPayloadBytes() default 262_144;

    @AttributeDefinition(name = "Uplink latency prior (ms)", min = "0", description = "Fixed time for a request "
            + "to reach the cloud, reported until learned; with downlinkMs it also sets how the learned fixed link "
            + "time is split between the two directions")
    double uplinkMs() default 40;

    @AttributeDefinition(name = "Uplink cost per KiB prior (ms)", min = "0", description = "Transfer time per KiB "
            + "of payload, reported until learned from requests of different sizes")
    double uplinkMsPerKiB() default 1.0;

    @AttributeDefinition(name = "Downlink latency prior (ms)", min = "0", description = "Time for a result to come "
            + "back, reported until learned")
    double downlinkMs() default 40;

    @AttributeDefinition(name = "EWMA weight", description = "Weight of a new answer in the learned link "
            + "estimates, (0, 1]")
    double ewmaAlpha() default 0.2;

    @AttributeDefinition(name = "Pause after unanswered requests", min = "0", description = "When this many requests "
            + "in a row get no answer in time while the connection is up (the cloud service is gone), offloading "
            + "pauses: the target is unavailable and tasks run locally at once instead of waiting for their timeout. "
            + "After the pause one request probes the service; an answer resumes offloading. 0: never pause")
    int pauseAfterUnanswered() default 3;

    @AttributeDefinition(name = "Pause (ms)", min = "1", max = "3600000", description = "The first pause; it doubles "
            + "after each probe that gets no answer, up to maxPauseMs")
    long pauseMs() default 5_000;

    @AttributeDefinition(name = "Longest pause (ms)", min = "1", max = "3600000", description = "The longest pause "
            + "between probes")
    long maxPauseMs() default 60_000;
}
