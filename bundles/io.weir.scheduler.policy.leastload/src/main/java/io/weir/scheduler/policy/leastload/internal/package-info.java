// SPDX-License-Identifier: Apache-2.0
/** The DS component that registers the least-load policy. Not exported. */
@NullMarked
package io.weir.scheduler.policy.leastload.internal;

import org.jspecify.annotations.NullMarked;
