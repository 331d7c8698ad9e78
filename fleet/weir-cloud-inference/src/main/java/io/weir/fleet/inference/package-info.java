// SPDX-License-Identifier: Apache-2.0
/**
 * The cloud side of inference offloading (protocol OFFLOAD-V1): gateways send offload requests over MQTT in Kapua's
 * topic namespace, this service runs the requested model bundle's model on ONNX Runtime and sends each result back
 * to its gateway as a Kura request.
 *
 * <ul>
 * <li>{@link io.weir.fleet.inference.CloudInferenceService}: start it with {@link io.weir.fleet.inference.Settings},
 * in process (tests, {@code ./weir up}) or from {@link io.weir.fleet.inference.Main} in its own JVM.</li>
 * <li>{@link io.weir.fleet.inference.Counters}, {@link io.weir.fleet.inference.ServedModel}, {@link
 * io.weir.fleet.inference.RefusedModel}: what it does and what it serves.</li>
 * </ul>
 *
 * <p>Plain Java, not an OSGi bundle. Nothing in this package accepts or returns {@code null} unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.weir.fleet.inference;

import org.jspecify.annotations.NullMarked;
