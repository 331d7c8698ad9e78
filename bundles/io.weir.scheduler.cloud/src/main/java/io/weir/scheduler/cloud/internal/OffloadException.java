// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

/**
 * Why an offloaded task failed, as the scheduler reports it (refused, publish failure, the service's error, a
 * malformed result, connection lost, stopped). Timeouts are {@link java.util.concurrent.TimeoutException}s instead,
 * which the scheduler reports as "no answer in time".
 */
final class OffloadException extends Exception {

    private static final long serialVersionUID = 1L;

    OffloadException(String message) {
        super(message, null, false, false);
    }

    OffloadException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
