// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

/** A model version's descriptor does not fit the stage's configuration; the message names model, version and why. */
final class BindingException extends Exception {

    private static final long serialVersionUID = 1L;

    BindingException(String message) {
        super(message);
    }
}
