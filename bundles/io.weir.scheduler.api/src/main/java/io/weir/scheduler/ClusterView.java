// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The scheduler's live view of every execution target, handed to {@link SchedulingPolicy#place(Task,
 * ClusterView)}. Implemented by Weir's scheduler and by its simulation harness only: a provider type.
 *
 * <p>Threads: valid only during the {@code place} call it was passed to, on the scheduler thread. During that
 * call it does not change, so a policy sees one consistent snapshot. Methods never block.
 */
@ProviderType
public interface ClusterView {

    /** @return the current instant in the scheduler's clock, milliseconds */
    long nowMs();

    /** @return every known target, available or not, in a stable order; unmodifiable, never {@code null} */
    List<TargetView> targets();

    /**
     * @param id a target id
     * @return that target, or {@code null} if there is none
     */
    @Nullable
    TargetView target(String id);
}
