// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import static io.weir.inference.ModelMetadata.INPUT_FEATURES;
import static io.weir.inference.ModelMetadata.INPUT_MEAN;
import static io.weir.inference.ModelMetadata.INPUT_NAME;
import static io.weir.inference.ModelMetadata.INPUT_SCALE;
import static io.weir.inference.ModelMetadata.OUTPUT_LABELS;
import static io.weir.inference.ModelMetadata.OUTPUT_SCORE;
import static io.weir.inference.ModelMetadata.OUTPUT_SCORE_INDEX;
import static io.weir.inference.ModelMetadata.OUTPUT_THRESHOLD;
import static io.weir.inference.ModelMetadata.REFERENCE_PREFIX;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.weir.inference.ElementType;
import io.weir.inference.ModelMetadata;
import io.weir.inference.TensorSpec;

/**
 * Checks the {@link ModelMetadata} keys of a model's metadata against its inputs and outputs, so that a bundle
 * whose metadata the engine or the drift check could not use never gets built. Keys that are absent are not
 * checked; other keys are free-form.
 */
final class MetadataCheck {

    private static final String EDGES = ".edges";
    private static final String FRACTIONS = ".fractions";
    /** How far the reference fractions may sum from 1 (they are rounded decimal text). */
    private static final double FRACTION_SUM_TOLERANCE = 1e-6;

    private MetadataCheck() {
    }

    /**
     * @param metadata the entries
     * @param inputs the model's inputs
     * @param outputs the model's outputs
     * @throws IllegalArgumentException naming the first key that is inconsistent, and why
     */
    static void check(Map<String, String> metadata, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        checkInput(metadata, inputs);
        checkOutput(metadata, outputs);
        checkReferences(metadata);
    }

    private static void checkInput(Map<String, String> m, List<TensorSpec> inputs) {
        if (!m.containsKey(INPUT_NAME) && !m.containsKey(INPUT_FEATURES) && !m.containsKey(INPUT_MEAN)
                && !m.containsKey(INPUT_SCALE)) {
            return;
        }
        TensorSpec input = tensor(m, INPUT_NAME, "input", inputs,
                m.containsKey(INPUT_NAME) ? INPUT_NAME : INPUT_FEATURES);
        String features = m.get(INPUT_FEATURES);
        if (features == null) {
            for (String key : List.of(INPUT_MEAN, INPUT_SCALE)) {
                if (m.containsKey(key)) {
                    throw error(key, "needs " + INPUT_FEATURES + " (one value per feature)");
                }
            }
            return;
        }
        List<String> names = list(INPUT_FEATURES, features);
        Set<String> seen = new HashSet<>();
        for (String f : names) {
            if (!seen.add(f)) {
                throw error(INPUT_FEATURES, "names feature '" + f + "' twice");
            }
        }
        if (input.type() != ElementType.FLOAT || input.rank() != 2) {
            throw error(INPUT_FEATURES, "features are fed as FLOAT [batch, features], but input '"
                    + input.name() + "' is " + input.format());
        }
        long columns = input.shape()[1];
        if (columns != TensorSpec.DYNAMIC && columns != names.size()) {
            throw error(INPUT_FEATURES, names.size() + " features, but input '" + input.name() + "' ("
                    + input.format() + ") has " + columns + " columns");
        }
        for (String key : List.of(INPUT_MEAN, INPUT_SCALE)) {
            String value = m.get(key);
            if (value == null) {
                continue;
            }
            double[] numbers = numbers(key, value);
            if (numbers.length != names.size()) {
                throw error(key, numbers.length + " values for " + names.size() + " features");
            }
            if (key.equals(INPUT_SCALE)) {
                for (int i = 0; i < numbers.length; i++) {
                    if (numbers[i] == 0) {
                        throw error(key, "is 0 for feature '" + names.get(i) + "' (values are divided by it)");
                    }
                }
            }
        }
    }

    private static void checkOutput(Map<String, String> m, List<TensorSpec> outputs) {
        String threshold = m.get(OUTPUT_THRESHOLD);
        if (threshold != null) {
            number(OUTPUT_THRESHOLD, threshold);
        }
        if (!m.containsKey(OUTPUT_SCORE) && !m.containsKey(OUTPUT_SCORE_INDEX) && !m.containsKey(OUTPUT_LABELS)) {
            return;
        }
        TensorSpec output = tensor(m, OUTPUT_SCORE, "output", outputs,
                m.containsKey(OUTPUT_SCORE) ? OUTPUT_SCORE
                        : m.containsKey(OUTPUT_SCORE_INDEX) ? OUTPUT_SCORE_INDEX : OUTPUT_LABELS);
        long columns = output.rank() == 0 ? 1 : output.shape()[output.rank() - 1];
        String index = m.get(OUTPUT_SCORE_INDEX);
        if (index != null) {
            long i;
            try {
                i = Long.parseLong(index.trim());
            } catch (NumberFormatException e) {
                throw error(OUTPUT_SCORE_INDEX, "'" + index + "' is not an integer");
            }
            if (i < 0 || (columns != TensorSpec.DYNAMIC && i >= columns)) {
                throw error(OUTPUT_SCORE_INDEX, i + " is not a column of output '" + output.name() + "' ("
                        + output.format() + ", " + columns + " columns)");
            }
        }
        String labels = m.get(OUTPUT_LABELS);
        if (labels != null) {
            List<String> names = list(OUTPUT_LABELS, labels);
            if (columns != TensorSpec.DYNAMIC && names.size() != columns) {
                throw error(OUTPUT_LABELS, names.size() + " labels, but output '" + output.name() + "' ("
                        + output.format() + ") has " + columns + " columns");
            }
        }
    }

    private static void checkReferences(Map<String, String> m) {
        for (Map.Entry<String, String> e : m.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(REFERENCE_PREFIX)) {
                continue;
            }
            if (key.endsWith(EDGES)) {
                String feature = key.substring(REFERENCE_PREFIX.length(), key.length() - EDGES.length());
                checkReference(m, feature, key, e.getValue());
            } else if (key.endsWith(FRACTIONS)) {
                String feature = key.substring(REFERENCE_PREFIX.length(), key.length() - FRACTIONS.length());
                if (!m.containsKey(ModelMetadata.referenceEdges(feature))) {
                    throw error(key, "has no " + ModelMetadata.referenceEdges(feature));
                }
            }
        }
    }

    private static void checkReference(Map<String, String> m, String feature, String edgesKey, String value) {
        String fractionsKey = ModelMetadata.referenceFractions(feature);
        String fractionsValue = m.get(fractionsKey);
        if (fractionsValue == null) {
            throw error(edgesKey, "has no " + fractionsKey);
        }
        double[] edges = value.isBlank() ? new double[0] : numbers(edgesKey, value);
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw error(edgesKey, "is not ascending at entry " + i + " (" + edges[i - 1] + ", " + edges[i] + ")");
            }
        }
        double[] fractions = numbers(fractionsKey, fractionsValue);
        if (fractions.length != edges.length + 1) {
            throw error(fractionsKey, fractions.length + " bins, but " + edges.length + " edges make "
                    + (edges.length + 1));
        }
        double sum = 0;
        for (double f : fractions) {
            if (f < 0 || f > 1) {
                throw error(fractionsKey, "fraction " + f + " is not in [0, 1]");
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > FRACTION_SUM_TOLERANCE) {
            throw error(fractionsKey, "fractions sum to " + sum + ", not 1");
        }
    }

    /** The tensor a key names, or the only one when the key is absent. */
    private static TensorSpec tensor(Map<String, String> m, String key, String kind, List<TensorSpec> tensors,
            String neededBy) {
        String name = m.get(key);
        if (name == null) {
            if (tensors.size() == 1) {
                return tensors.get(0);
            }
            throw error(neededBy, "needs " + key + ": the model has " + tensors.size() + " " + kind + "s "
                    + ModelBundle.format(tensors));
        }
        for (TensorSpec t : tensors) {
            if (t.name().equals(name.trim())) {
                return t;
            }
        }
        throw error(key, "'" + name + "' is not an " + kind + " of the model; its " + kind + "s are "
                + ModelBundle.format(tensors));
    }

    private static List<String> list(String key, String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String t = item.trim();
            if (t.isEmpty()) {
                throw error(key, "has an empty entry in '" + value + "'");
            }
            items.add(t);
        }
        return items;
    }

    private static double[] numbers(String key, String value) {
        List<String> items = list(key, value);
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(key, items.get(i));
        }
        return out;
    }

    private static double number(String key, String text) {
        double d;
        try {
            d = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw error(key, "'" + text + "' is not a number");
        }
        if (!Double.isFinite(d)) {
            throw error(key, "'" + text + "' is not a finite number");
        }
        return d;
    }

    private static IllegalArgumentException error(String key, String why) {
        return new IllegalArgumentException("metadata " + key + ": " + why);
    }
}
