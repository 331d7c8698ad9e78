// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import io.weir.data.Record;

/**
 * A record a stage could not process, with the reason.
 *
 * @param record the input record of the failing stage
 * @param stageId the stage that failed
 * @param reason the exception message
 * @param timeMillis when it failed
 */
public record DeadLetter(Record record, String stageId, String reason, long timeMillis) {
}
