// SPDX-License-Identifier: Apache-2.0
/** The DS component that registers the dynamic-reservation policy. Not exported. */
@NullMarked
package io.weir.scheduler.policy.reservation.internal;

import org.jspecify.annotations.NullMarked;
