// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A stage could not process one record, for example because a value has the wrong type or is missing. The
 * engine counts it, sends the record with this exception's message to the dead-letter sink, and continues;
 * the pipeline is not stopped.
 *
 * <p>Checked, so that stage authors decide deliberately which failures are per-record. Defined by Weir and
 * thrown by stages: a provider type.
 */
@ProviderType
public class StageException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the reason, recorded with the dead letter; names the value; not {@code null}
     */
    public StageException(String message) {
        super(message);
    }

    /**
     * @param message the reason, recorded with the dead letter; not {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public StageException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
