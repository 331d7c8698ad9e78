// SPDX-License-Identifier: Apache-2.0
/** The DS component that registers the latency-aware policy. Not exported. */
@NullMarked
package io.weir.scheduler.policy.latency.internal;

import org.jspecify.annotations.NullMarked;
