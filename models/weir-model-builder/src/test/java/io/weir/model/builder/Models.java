// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.util.LinkedHashMap;
import java.util.Map;

import io.weir.model.testmodels.LogisticRegression;

/** The models and metadata the tests build bundles from. */
final class Models {

    /** A 6-feature, 2-class logistic regression: input {@code input:FLOAT:-1x6}, output {@code output:FLOAT:-1x2}. */
    static final byte[] CLASSIFIER = LogisticRegression.model(new float[][] {
            {0.1f, -0.2f}, {0.3f, 0.4f}, {-0.5f, 0.6f}, {0.7f, -0.8f}, {0.9f, 1.0f}, {-1.1f, 1.2f}},
            new float[] {0.05f, -0.05f});

    private Models() {
    }

    /** @return consistent metadata for {@link #CLASSIFIER} using every checked key, in insertion order */
    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("input.name", "input");
        m.put("input.features", "rms,peak,crest,kurtosis,skew,mean");
        m.put("input.mean", "0.5,1.0,2.5,3.0,0.0,-0.25");
        m.put("input.scale", "0.1,0.2,0.3,1.0,1.0,2.0");
        m.put("output.score", "output");
        m.put("output.score.index", "1");
        m.put("output.labels", "normal,anomaly");
        m.put("output.threshold", "0.5");
        m.put("reference.rms.edges", "0.1,0.2,0.4");
        m.put("reference.rms.fractions", "0.1,0.4,0.3,0.2");
        m.put("reference.score.edges", "0.5");
        m.put("reference.score.fractions", "0.95,0.05");
        m.put("training.fingerprint", "sha256:00ff");
        m.put("note", "free text: é, = and # kept");
        return m;
    }
}
