// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import org.osgi.annotation.versioning.ProviderType;

/** What an engine does with a model name. An enum defined by Weir: a provider type. */
@ProviderType
public enum ModelState {
    /** A version is loaded and serves every call. */
    ACTIVE,
    /**
     * A version still serves although its bundle is gone: during an update of the model bundle, or because every
     * replacement was refused. Calls succeed.
     */
    RETAINED,
    /** No version can serve: none is installed, every one was refused, or the pinned version is missing. */
    UNAVAILABLE
}
