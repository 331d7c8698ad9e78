// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one command.
 *
 * @param stdout standard output, capped, decoded leniently
 * @param stderr standard error, capped, decoded leniently
 * @param exitCode the exit status, or {@code null} if the command timed out
 * @param timedOut whether the command was killed at its timeout
 * @param millis how long it ran
 */
record RunResult(String stdout, String stderr, @Nullable Integer exitCode, boolean timedOut, long millis) {
}
