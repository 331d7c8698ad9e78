// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A running pipeline, for consoles, shell commands and health checks. Registered as a service with the {@value
 * #NAME_PROPERTY} property by Weir's pipeline engine, one per configured pipeline.
 *
 * <p>Implemented only by Weir's pipeline engine: a provider type.
 *
 * <p>Threads: every method may be called from any thread, is cheap and never blocks.
 */
@ProviderType
public interface Pipeline {

    /** Service property holding the {@linkplain #name() pipeline name}: {@value}. */
    String NAME_PROPERTY = "weir.pipeline.name";

    /** @return the pipeline name from its configuration, unique on the gateway, never {@code null} */
    String name();

    /** @return the current status snapshot, never {@code null} */
    PipelineStatus status();

    /** @return a snapshot of the pipeline's and its stages' metrics, never {@code null} */
    PipelineMetrics metrics();
}
