// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/** What kind of executor a {@link TargetView target} is. Defined by Weir: a provider type. */
@ProviderType
public enum TargetKind {
    /** The gateway's own worker pool. */
    LOCAL,
    /** An accelerator on the gateway (GPU, NPU). */
    ACCELERATOR,
    /** The cloud, reached over the uplink (offload). */
    CLOUD,
    /** Another gateway on the local network. */
    NEIGHBOUR;

    /**
     * Tells whether running a task here means sending it off the gateway; only {@linkplain Task#offloadable()
     * offloadable} tasks may go to such a target.
     *
     * @return {@code true} for {@link #CLOUD} and {@link #NEIGHBOUR}
     */
    public boolean isRemote() {
        return this == CLOUD || this == NEIGHBOUR;
    }
}
