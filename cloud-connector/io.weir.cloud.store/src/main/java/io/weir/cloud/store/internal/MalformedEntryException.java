// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

/** A stored entry (key or value) does not decode; the message says what is wrong. */
public final class MalformedEntryException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the entry */
    public MalformedEntryException(String message) {
        super(message);
    }
}
