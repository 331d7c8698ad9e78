// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

/**
 * A message was refused because the store is at its capacity limit (see {@link StoreOptions} and
 * {@link FullPolicy}). The message says which limit and the current usage. Nothing stored was lost.
 */
public class StoreFullException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long storedMessages;
    private final long storedBytes;

    /**
     * @param message which limit was hit and the current usage
     * @param storedMessages messages stored when the message was refused
     * @param storedBytes accounted bytes (payload + topic) stored when the message was refused
     */
    public StoreFullException(String message, long storedMessages, long storedBytes) {
        super(message);
        this.storedMessages = storedMessages;
        this.storedBytes = storedBytes;
    }

    /** @return messages stored when the message was refused */
    public long storedMessages() {
        return storedMessages;
    }

    /** @return accounted bytes (payload + topic) stored when the message was refused */
    public long storedBytes() {
        return storedBytes;
    }
}
