// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import java.util.List;
import java.util.Map;

import io.weir.inference.ElementType;

/**
 * A multinomial logistic regression: input {@value #INPUT} FLOAT {@code [-1, n]}, output {@value #OUTPUT} FLOAT
 * {@code [-1, k]} = {@code softmax(x · W + b)} (ONNX {@code Gemm} then {@code Softmax} over the last axis), and
 * {@link #expected} computing the same thing in plain Java, independently of ONNX.
 */
public final class LogisticRegression {

    /** Name of the input tensor: {@value}. */
    public static final String INPUT = "input";

    /** Name of the output tensor (class probabilities): {@value}. */
    public static final String OUTPUT = "output";

    private LogisticRegression() {
    }

    /**
     * @param weights {@code n} rows (one per input feature) of {@code k} columns (one per class)
     * @param bias {@code k} biases
     * @return the model's bytes
     * @throws IllegalArgumentException when the dimensions do not fit
     */
    public static byte[] model(float[][] weights, float[] bias) {
        int n = weights.length;
        int k = bias.length;
        if (n == 0 || k == 0) {
            throw new IllegalArgumentException("need at least one feature and one class");
        }
        float[] flat = new float[n * k];
        for (int i = 0; i < n; i++) {
            if (weights[i].length != k) {
                throw new IllegalArgumentException("weights row " + i + " has " + weights[i].length
                        + " columns, bias has " + k);
            }
            System.arraycopy(weights[i], 0, flat, i * k, k);
        }
        return OnnxGraph.create("logistic-regression")
                .input(INPUT, ElementType.FLOAT, -1, n)
                .initializer("weights", new long[] {n, k}, flat)
                .initializer("bias", new long[] {k}, bias.clone())
                .node("Gemm", List.of(INPUT, "weights", "bias"), List.of("logits"))
                .node("Softmax", List.of("logits"), List.of(OUTPUT), Map.of("axis", -1L))
                .output(OUTPUT, ElementType.FLOAT, -1, k)
                .toBytes();
    }

    /**
     * The model's output computed in Java (double precision arithmetic, rounded to float at the end).
     *
     * @param weights as for {@link #model}
     * @param bias as for {@link #model}
     * @param input rows of {@code n} features
     * @return one row of {@code k} probabilities per input row
     */
    public static float[][] expected(float[][] weights, float[] bias, float[][] input) {
        int k = bias.length;
        float[][] out = new float[input.length][k];
        for (int r = 0; r < input.length; r++) {
            if (input[r].length != weights.length) {
                throw new IllegalArgumentException("input row " + r + " has " + input[r].length
                        + " features, the model " + weights.length);
            }
            double[] z = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = bias[c];
                for (int i = 0; i < weights.length; i++) {
                    s += (double) input[r][i] * weights[i][c];
                }
                z[c] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < k; c++) {
                out[r][c] = (float) (z[c] / sum);
            }
        }
        return out;
    }
}
