// SPDX-License-Identifier: Apache-2.0
/**
 * Reproducible training of Weir's default vibration-anomaly model: labelled window features in, an ONNX model
 * and its metadata ({@link io.weir.inference.ModelMetadata}) out.
 *
 * <ul>
 * <li>Data: {@link io.weir.model.training.LabelledData} (feature names and {@link
 * io.weir.model.training.LabelledExample}s) from any source; {@link io.weir.model.training.VibrationDataset}
 * generates it from a {@link io.weir.model.training.VibrationScenario} with the simulated driver's own signal code,
 * and {@link io.weir.model.training.WindowFeatures} computes window features exactly as the pipeline's
 * {@code window} stage does.</li>
 * <li>Training: {@link io.weir.model.training.AnomalyModelTrainer} with {@link
 * io.weir.model.training.TrainerOptions} gives a {@link io.weir.model.training.TrainedModel} (ONNX bytes,
 * metadata, held-out {@link io.weir.model.training.Evaluation}).</li>
 * <li>The default model: {@link io.weir.model.training.VibrationModelRecipe}, and its command line {@link
 * io.weir.model.training.TrainMain}.</li>
 * </ul>
 *
 * <p>Plain Java, not an OSGi bundle. Every type is immutable and thread-safe unless its documentation says
 * otherwise. Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@NullMarked
package io.weir.model.training;

import org.jspecify.annotations.NullMarked;
