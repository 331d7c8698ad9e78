// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.weir.inference.ElementType;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetadata;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;

/**
 * How records map to one model version and back, read once from its descriptor (see
 * {@link ModelMetadata}): the feature fields in column order, the normalisation, the input tensor, and where the
 * score, label and prediction come from. A new binding is made whenever another version (or another descriptor of
 * the same version) answers. Used on the stage's thread only; {@link #values} is that thread's scratch array.
 */
final class ModelBinding {

    private static final double DEFAULT_THRESHOLD = 0.5;

    final ModelDescriptor descriptor;
    /** The version, for example {@code 1.2.0}. */
    final String version;
    /** {@code name@version}, written to the version field. */
    final String label;
    /** Record fields feeding the input columns, in order. */
    final String[] features;
    /** The model's own names of the columns ({@code input.features}), when it lists as many; else {@code null}. */
    final String @Nullable [] metadataFeatures;
    private final double @Nullable [] mean;
    private final double @Nullable [] scale;
    final String inputName;
    private final boolean doubleInput;
    private final long[] inputShape;
    final String scoreOutput;
    final int scoreIndex;
    final double threshold;
    final String @Nullable [] labels;
    /** The raw feature values of the record being scored. */
    final double[] values;
    private final Map<String, String[]> outputFieldNames = new HashMap<>();
    private ModelDescriptor lastSeen;

    private ModelBinding(ModelDescriptor descriptor, String[] features, String @Nullable [] metadataFeatures,
            double @Nullable [] mean, double @Nullable [] scale, TensorSpec input, long[] inputShape,
            String scoreOutput, int scoreIndex, double threshold, String @Nullable [] labels) {
        this.descriptor = descriptor;
        this.lastSeen = descriptor;
        this.version = descriptor.version().toString();
        this.label = descriptor.name() + "@" + version;
        this.features = features;
        this.metadataFeatures = metadataFeatures;
        this.mean = mean;
        this.scale = scale;
        this.inputName = input.name();
        this.doubleInput = input.type() == ElementType.DOUBLE;
        this.inputShape = inputShape;
        this.scoreOutput = scoreOutput;
        this.scoreIndex = scoreIndex;
        this.threshold = threshold;
        this.labels = labels;
        this.values = new double[features.length];
    }

    /**
     * @param d the descriptor of the version to bind
     * @param s the node's settings
     * @return the binding
     * @throws BindingException if the descriptor lacks what the configuration needs, or contradicts it
     */
    static ModelBinding of(ModelDescriptor d, StageSettings s) throws BindingException {
        String model = "model '" + d.name() + "' version " + d.version();
        Map<String, String> md = d.metadata();
        String[] meta = strings(model, md, ModelMetadata.INPUT_FEATURES);
        String[] features = s.features().length > 0 ? s.features() : meta;
        if (features == null) {
            throw new BindingException(model + " has no '" + ModelMetadata.INPUT_FEATURES
                    + "' metadata and the stage configures no 'features'");
        }
        double[] mean = null;
        double[] scale = null;
        if (s.normalize()) {
            mean = normalisation(model, md, ModelMetadata.INPUT_MEAN, features.length);
            scale = normalisation(model, md, ModelMetadata.INPUT_SCALE, features.length);
            for (double v : scale) {
                if (v == 0) {
                    throw new BindingException(model + ": metadata '" + ModelMetadata.INPUT_SCALE + "' has a 0 entry");
                }
            }
        }
        TensorSpec input = input(model, d, s);
        long[] shape = switch (input.rank()) {
            case 1 -> new long[] {features.length};
            case 2 -> new long[] {1, features.length};
            default -> throw new BindingException(model + ": input '" + input.name() + "' is " + input
                    + "; the stage feeds [batch, features] or [features]");
        };
        if (input.type() != ElementType.FLOAT && input.type() != ElementType.DOUBLE) {
            throw new BindingException(model + ": input '" + input.name() + "' is " + input
                    + "; the stage feeds FLOAT or DOUBLE");
        }
        if (!input.accepts(shape)) {
            throw new BindingException(model + ": input '" + input.name() + "' is " + input + ", which does not take "
                    + features.length + " features " + String.join(",", features));
        }
        String scoreOutput = text(md, ModelMetadata.OUTPUT_SCORE);
        if (scoreOutput == null) {
            scoreOutput = d.outputs().get(0).name();
        }
        TensorSpec out = d.output(scoreOutput);
        if (out == null) {
            throw new BindingException(model + " has no output '" + scoreOutput + "' (metadata '"
                    + ModelMetadata.OUTPUT_SCORE + "')");
        }
        int columns = columns(out);
        int scoreIndex = 0;
        String indexText = text(md, ModelMetadata.OUTPUT_SCORE_INDEX);
        if (indexText != null) {
            try {
                scoreIndex = Integer.parseInt(indexText);
            } catch (NumberFormatException e) {
                scoreIndex = -1;
            }
            if (scoreIndex < 0 || columns > 0 && scoreIndex >= columns) {
                throw new BindingException(model + ": metadata '" + ModelMetadata.OUTPUT_SCORE_INDEX + "' is '"
                        + indexText + "', not a column of output " + out);
            }
        }
        double threshold = DEFAULT_THRESHOLD;
        String thresholdText = text(md, ModelMetadata.OUTPUT_THRESHOLD);
        if (thresholdText != null) {
            try {
                threshold = MetadataValues.number(thresholdText);
            } catch (IllegalArgumentException e) {
                throw new BindingException(model + ": metadata '" + ModelMetadata.OUTPUT_THRESHOLD + "' "
                        + e.getMessage());
            }
        }
        String[] labels = strings(model, md, ModelMetadata.OUTPUT_LABELS);
        if (labels != null && columns > 0 && columns != labels.length && !(columns == 1 && labels.length == 2)) {
            throw new BindingException(model + ": metadata '" + ModelMetadata.OUTPUT_LABELS + "' has " + labels.length
                    + " labels for the " + columns + " columns of output " + out);
        }
        String[] metadataFeatures = meta != null && meta.length == features.length ? meta : null;
        return new ModelBinding(d, features, metadataFeatures, mean, scale, input, shape, scoreOutput, scoreIndex,
                threshold, labels);
    }

    private static TensorSpec input(String model, ModelDescriptor d, StageSettings s) throws BindingException {
        String name = s.input();
        if (name.isEmpty()) {
            String fromMetadata = text(d.metadata(), ModelMetadata.INPUT_NAME);
            if (fromMetadata != null) {
                name = fromMetadata;
            } else if (d.inputs().size() == 1) {
                name = d.inputs().get(0).name();
            } else {
                throw new BindingException(model + " has " + d.inputs().size() + " inputs and no '"
                        + ModelMetadata.INPUT_NAME + "' metadata; configure 'input'");
            }
        }
        TensorSpec spec = d.input(name);
        if (spec == null) {
            throw new BindingException(model + " has no input '" + name + "' (inputs: " + d.inputs() + ")");
        }
        return spec;
    }

    /** @return the elements per record of an output: its last dimension; 1 for a scalar; -1 when dynamic */
    private static int columns(TensorSpec spec) {
        long[] shape = spec.shape();
        if (shape.length == 0) {
            return 1;
        }
        long last = shape[shape.length - 1];
        return shape.length == 1 || last < 0 || last > Integer.MAX_VALUE ? -1 : (int) last;
    }

    private static double[] normalisation(String model, Map<String, String> md, String key, int features)
            throws BindingException {
        double[] v;
        try {
            v = MetadataValues.doubles(md.get(key));
        } catch (IllegalArgumentException e) {
            throw new BindingException(model + ": metadata '" + key + "' " + e.getMessage());
        }
        if (v == null) {
            throw new BindingException(model + " has no '" + key + "' metadata (set 'normalize' to false to feed raw"
                    + " values)");
        }
        if (v.length != features) {
            throw new BindingException(model + ": metadata '" + key + "' has " + v.length + " entries for " + features
                    + " features");
        }
        return v;
    }

    private static String @Nullable [] strings(String model, Map<String, String> md, String key)
            throws BindingException {
        try {
            return MetadataValues.strings(md.get(key));
        } catch (IllegalArgumentException e) {
            throw new BindingException(model + ": metadata '" + key + "' " + e.getMessage());
        }
    }

    private static @Nullable String text(Map<String, String> md, String key) {
        String v = md.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * @param d the descriptor of the version that answered
     * @return whether this binding was made from that descriptor (same version and content)
     */
    boolean matches(ModelDescriptor d) {
        if (d == lastSeen) {
            return true;
        }
        if (d.version().equals(descriptor.version()) && d.equals(descriptor)) {
            lastSeen = d;
            return true;
        }
        return false;
    }

    /** @return the input tensors for {@link #values}: normalised if configured, shaped as the input spec asks */
    Map<String, Tensor> inputs() {
        int n = values.length;
        Tensor t;
        if (doubleInput) {
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = normalised(i);
            }
            t = Tensor.ofDoubles(inputShape, data);
        } else {
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
                data[i] = (float) normalised(i);
            }
            t = Tensor.ofFloats(inputShape, data);
        }
        return Map.of(inputName, t);
    }

    private double normalised(int i) {
        double[] m = mean;
        double[] sc = scale;
        return m == null || sc == null ? values[i] : (values[i] - m[i]) / sc[i];
    }

    /** @return the field names {@code <prefix><output>_<i>} for an output of {@code size} elements (cached) */
    String[] outputFields(String prefix, String output, int size) {
        String[] names = outputFieldNames.get(output);
        if (names == null || names.length < size) {
            names = new String[size];
            for (int i = 0; i < size; i++) {
                names[i] = prefix + output + "_" + i;
            }
            outputFieldNames.put(output, names);
        }
        return names;
    }
}
