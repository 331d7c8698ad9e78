// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import org.osgi.annotation.versioning.ProviderType;

/** The lifecycle state of a {@link Pipeline}. Defined by Weir: a provider type. */
@ProviderType
public enum PipelineState {
    /** The graph is valid and the stages are being created. */
    STARTING,
    /** Every stage is present; records flow. */
    RUNNING,
    /**
     * A stage type is not available (not installed yet, or its bundle is being updated). Records wait in the
     * bounded upstream queues and backpressure reaches the sources; the pipeline resumes when the type is back.
     */
    WAITING,
    /** The configuration is invalid (a cycle, a bad stage configuration); the status message says why. */
    FAILED,
    /** The pipeline is being stopped. */
    STOPPING
}
