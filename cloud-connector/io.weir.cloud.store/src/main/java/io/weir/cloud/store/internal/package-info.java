// SPDX-License-Identifier: Apache-2.0
/**
 * Implementation of {@link io.weir.cloud.store.MessageStore}: the entry codec, the in-memory send index with the
 * capacity planner, and the store file's startup check, quarantine and salvage. Not exported.
 */
@NullMarked
package io.weir.cloud.store.internal;

import org.jspecify.annotations.NullMarked;
