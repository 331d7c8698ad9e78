// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes the {@link Stage stages} of one stage type. Registered as a service with the {@link StageType}
 * property, for example:
 *
 * <pre>
 * &#64;Component(service = StageFactory.class)
 * &#64;StageType("ewma")
 * public class EwmaStageFactory implements StageFactory {
 *     &#64;interface Config { double alpha() default 0.1; String[] channels(); }
 *
 *     public Stage create(StageContext context) {
 *         Config config = context.config(Config.class);
 *         return new EwmaStage(config.alpha(), config.channels());
 *     }
 * }
 * </pre>
 *
 * <p>Implemented by many bundles, hence a consumer type.
 *
 * <p>Threads: {@link #create(StageContext)} may be called from any engine thread, concurrently for different
 * nodes. It must not block.
 */
@ConsumerType
@FunctionalInterface
public interface StageFactory {

    /**
     * Makes the stage for one pipeline node. Validates the node's configuration; does no I/O.
     *
     * @param context the node's identity and configuration, not {@code null}
     * @return a new stage, never {@code null}; never shared between nodes
     * @throws IllegalArgumentException if the node's configuration is invalid; the message names the
     *         attribute. The engine reports it in the pipeline's status and does not start the pipeline.
     */
    Stage create(StageContext context);
}
