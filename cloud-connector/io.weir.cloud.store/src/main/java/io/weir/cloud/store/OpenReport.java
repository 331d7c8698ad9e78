// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What {@link MessageStore#open} found.
 *
 * @param recoveredMessages the stored messages available after opening: those found in the existing file, or,
 *     if it was quarantined, those salvaged from it into the fresh store
 * @param quarantinedFile where a corrupt store file was moved ({@code <name>.corrupt-<yyyyMMdd-HHmmss>}, UTC), or
 *     {@code null} if the file was sound (or absent)
 * @param quarantineReason why the file was quarantined, or {@code null}
 */
public record OpenReport(int recoveredMessages, @Nullable Path quarantinedFile, @Nullable String quarantineReason) {

    /** @return whether the store file was found corrupt and moved aside */
    public boolean quarantined() {
        return quarantinedFile != null;
    }
}
