// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

/** What a time-based stage does with a record that arrives too late (older than what it has already closed). */
enum LatePolicy {
    /** Drop it; the stage counts it and logs the count at WARN, at most once a minute. */
    DROP,
    /** Throw a StageException: the engine counts an error and dead-letters the record with the reason. */
    DEAD_LETTER;

    static LatePolicy of(String value) {
        return "dead-letter".equals(value) ? DEAD_LETTER : DROP;
    }
}
