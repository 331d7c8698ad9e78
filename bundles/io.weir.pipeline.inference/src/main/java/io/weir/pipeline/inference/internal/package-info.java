// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code inference} stage: its factory component, the record-to-tensor mapping bound to one model version,
 * and the drift detection (binned sliding windows, PSI and KS, error rate, the sustain/clear state machine). Not
 * exported.
 */
@NullMarked
package io.weir.pipeline.inference.internal;

import org.jspecify.annotations.NullMarked;
