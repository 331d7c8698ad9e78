// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/** What a policy decided for a task. Defined by Weir: a provider type. */
@ProviderType
public enum PlacementDecision {
    /** Run the task on the named target now. */
    PLACE,
    /**
     * Keep the task queued and ask again when a target's state changes (load, availability) or after the
     * scheduler's retry interval. A task whose deadline passes while deferred expires with the reason.
     */
    DEFER,
    /** Do not run the task; it fails with the reason. */
    REJECT
}
