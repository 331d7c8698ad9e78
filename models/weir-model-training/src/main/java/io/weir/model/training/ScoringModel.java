// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ListExample;

/**
 * A trained Tribuo model with the standardisation and the internal feature names it was trained with: scores raw
 * feature values in double precision, as the exported ONNX graph does in single precision. Thread-safe (Tribuo
 * models are immutable and predict concurrently).
 */
final class ScoringModel {

    private final Model<Label> model;
    private final Standardiser standardiser;
    private final List<String> featureNames;
    private final String[] internalNames;
    private final List<String> labels;

    /**
     * @param model the trained model
     * @param standardiser the standardisation of its inputs
     * @param featureNames the public feature names, in column order
     * @param internalNames the names the model knows the features by, in column order
     * @param labels the model's labels in output column order
     */
    ScoringModel(Model<Label> model, Standardiser standardiser, List<String> featureNames, String[] internalNames,
            List<String> labels) {
        this.model = model;
        this.standardiser = standardiser;
        this.featureNames = List.copyOf(featureNames);
        this.internalNames = internalNames.clone();
        this.labels = List.copyOf(labels);
    }

    /** @return the labels in output column order */
    List<String> labels() {
        return labels;
    }

    /**
     * @param features raw feature values in column order
     * @return the class probabilities in output column order
     * @throws IllegalArgumentException if the width is wrong or a value is not finite
     */
    double[] probabilities(double[] features) {
        if (features.length != featureNames.size()) {
            throw new IllegalArgumentException("expected " + featureNames.size() + " feature values " + featureNames
                    + ", got " + features.length);
        }
        for (int f = 0; f < features.length; f++) {
            if (!Double.isFinite(features[f])) {
                throw new IllegalArgumentException("feature '" + featureNames.get(f) + "': " + features[f]
                        + " is not a finite number");
            }
        }
        Prediction<Label> p = model.predict(new ListExample<>(LabelFactory.UNKNOWN_LABEL, internalNames,
                standardiser.apply(features)));
        Map<String, Label> scores = p.getOutputScores();
        double[] out = new double[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores.get(labels.get(i)).getScore();
        }
        return out;
    }
}
