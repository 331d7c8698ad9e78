// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import java.util.List;
import java.util.Map;

import io.weir.inference.ElementType;

/**
 * An edge-case model with inputs and outputs of several element types and ranks, and fixed as well as dynamic
 * dimensions. Inputs, in model order:
 * <ul>
 * <li>{@value #A} FLOAT {@code [-1, 3]},</li>
 * <li>{@value #B} INT64 {@code [-1, 1]},</li>
 * <li>{@value #C} DOUBLE {@code [2, 2]} (fixed shape).</li>
 * </ul>
 * Outputs, in model order, each with a Java function computing it:
 * <ul>
 * <li>{@value #A_SUM} FLOAT {@code [-1, 1]}: the row sums of {@code a} ({@link #expectedSum});</li>
 * <li>{@value #B_PLUS_ONE} INT64 {@code [-1, 1]}: {@code b + 1} ({@link #expectedPlusOne});</li>
 * <li>{@value #C_TRANSPOSED} DOUBLE {@code [2, 2]}: {@code c} transposed ({@link #expectedTransposed});</li>
 * <li>{@value #A_POSITIVE} BOOL {@code [-1, 3]}: {@code a > 0} ({@link #expectedPositive}).</li>
 * </ul>
 */
public final class MixedTypes {

    /** FLOAT input {@code [-1, 3]}: {@value}. */
    public static final String A = "a";
    /** INT64 input {@code [-1, 1]}: {@value}. */
    public static final String B = "b";
    /** DOUBLE input {@code [2, 2]}: {@value}. */
    public static final String C = "c";
    /** FLOAT output {@code [-1, 1]}, the row sums of {@code a}: {@value}. */
    public static final String A_SUM = "a_sum";
    /** INT64 output {@code [-1, 1]}, {@code b + 1}: {@value}. */
    public static final String B_PLUS_ONE = "b_plus_one";
    /** DOUBLE output {@code [2, 2]}, {@code c} transposed: {@value}. */
    public static final String C_TRANSPOSED = "c_transposed";
    /** BOOL output {@code [-1, 3]}, {@code a > 0}: {@value}. */
    public static final String A_POSITIVE = "a_positive";

    private MixedTypes() {
    }

    /** @return the model's bytes */
    public static byte[] model() {
        return OnnxGraph.create("mixed-types")
                .input(A, ElementType.FLOAT, -1, 3)
                .input(B, ElementType.INT64, -1, 1)
                .input(C, ElementType.DOUBLE, 2, 2)
                .initializer("axes", new long[] {1}, new long[] {1})
                .initializer("one", new long[0], new long[] {1})
                .initializer("zero", new long[0], new float[] {0f})
                .node("ReduceSum", List.of(A, "axes"), List.of(A_SUM), Map.of("keepdims", 1L))
                .node("Add", List.of(B, "one"), List.of(B_PLUS_ONE))
                .node("Transpose", List.of(C), List.of(C_TRANSPOSED), Map.of("perm", new long[] {1, 0}))
                .node("Greater", List.of(A, "zero"), List.of(A_POSITIVE))
                .output(A_SUM, ElementType.FLOAT, -1, 1)
                .output(B_PLUS_ONE, ElementType.INT64, -1, 1)
                .output(C_TRANSPOSED, ElementType.DOUBLE, 2, 2)
                .output(A_POSITIVE, ElementType.BOOL, -1, 3)
                .toBytes();
    }

    /**
     * @param a rows of 3 values
     * @return {@value #A_SUM}: one row of one value per row of {@code a}
     */
    public static float[][] expectedSum(float[][] a) {
        float[][] out = new float[a.length][1];
        for (int r = 0; r < a.length; r++) {
            float s = 0f;
            for (float v : a[r]) {
                s += v;
            }
            out[r][0] = s;
        }
        return out;
    }

    /**
     * @param b rows of 1 value
     * @return {@value #B_PLUS_ONE}
     */
    public static long[][] expectedPlusOne(long[][] b) {
        long[][] out = new long[b.length][];
        for (int r = 0; r < b.length; r++) {
            out[r] = new long[b[r].length];
            for (int i = 0; i < b[r].length; i++) {
                out[r][i] = b[r][i] + 1;
            }
        }
        return out;
    }

    /**
     * @param c a 2 × 2 matrix
     * @return {@value #C_TRANSPOSED}
     */
    public static double[][] expectedTransposed(double[][] c) {
        double[][] out = new double[c[0].length][c.length];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c[i].length; j++) {
                out[j][i] = c[i][j];
            }
        }
        return out;
    }

    /**
     * @param a rows of 3 values
     * @return {@value #A_POSITIVE}
     */
    public static boolean[][] expectedPositive(float[][] a) {
        boolean[][] out = new boolean[a.length][];
        for (int r = 0; r < a.length; r++) {
            out[r] = new boolean[a[r].length];
            for (int i = 0; i < a[r].length; i++) {
                out[r][i] = a[r][i] > 0f;
            }
        }
        return out;
    }
}
