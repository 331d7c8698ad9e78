// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import org.jspecify.annotations.Nullable;

/**
 * A message could not be stored because writing the store file failed (for example the disk is full). Everything
 * stored before is still there, and the store keeps working: a later append succeeds once the cause is gone.
 * The cause is the underlying {@link java.io.IOException} or {@code MVStoreException}.
 */
public class StoreFailureException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean diskFull;

    /**
     * @param message what failed and on which file, e.g. {@code no space left on device while writing /x/store.mv}
     * @param cause the underlying error, if any
     * @param diskFull whether the cause was a full disk (ENOSPC) or an exceeded disk quota
     */
    public StoreFailureException(String message, @Nullable Throwable cause, boolean diskFull) {
        super(message, cause);
        this.diskFull = diskFull;
    }

    /** @return whether the cause was a full disk (ENOSPC) or an exceeded disk quota */
    public boolean diskFull() {
        return diskFull;
    }
}
