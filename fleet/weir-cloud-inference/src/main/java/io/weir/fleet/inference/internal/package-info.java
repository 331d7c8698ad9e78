// SPDX-License-Identifier: Apache-2.0
/**
 * The implementation of the cloud inference service: the OFFLOAD-V1 topics and metrics, request reading, the model
 * catalog on ONNX Runtime, result sending and the MQTT link. Not an API: anything here may change.
 */
@NullMarked
package io.weir.fleet.inference.internal;

import org.jspecify.annotations.NullMarked;
