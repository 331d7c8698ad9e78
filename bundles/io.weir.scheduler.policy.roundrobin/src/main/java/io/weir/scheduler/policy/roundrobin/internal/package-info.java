// SPDX-License-Identifier: Apache-2.0
/** The DS component that registers the weighted-round-robin policy. Not exported. */
@NullMarked
package io.weir.scheduler.policy.roundrobin.internal;

import org.jspecify.annotations.NullMarked;
