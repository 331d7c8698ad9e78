// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of a pipeline's state with an explanation. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param state the lifecycle state
 * @param message why the pipeline is in this state, for example {@code "stage type 'fft-bands' is not
 *        available"} or {@code "cycle: a -> b -> a"}; empty when running normally; never {@code null}
 * @param since when the pipeline entered this state, milliseconds since the epoch
 */
@ProviderType
public record PipelineStatus(PipelineState state, String message, long since) {

    /**
     * Checks for {@code null}.
     *
     * @param state see {@link #state()}
     * @param message see {@link #message()}
     * @param since see {@link #since()}
     */
    public PipelineStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }
}
