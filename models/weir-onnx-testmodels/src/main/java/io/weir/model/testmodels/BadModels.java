// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.weir.inference.ElementType;

/** Model files that a loader must refuse or treat specially: not ONNX at all, cut short, or not all tensors. */
public final class BadModels {

    private BadModels() {
    }

    /**
     * @return 256 bytes that are not an ONNX model (the same every call)
     */
    public static byte[] garbage() {
        byte[] b = new byte[256];
        new SplittableRandom(42).nextBytes(b);
        b[0] = (byte) 0xFF; // an invalid protobuf tag, so no parser reads it as an empty message
        return b;
    }

    /**
     * @param model a valid model
     * @return its first half, which no ONNX parser accepts
     */
    public static byte[] truncated(byte[] model) {
        return Arrays.copyOf(model, model.length / 2);
    }

    /**
     * @return a valid model whose output {@code output} is a sequence of FLOAT tensors rather than a tensor (input
     *         {@code input} FLOAT {@code [-1, 2]})
     */
    public static byte[] sequenceOutput() {
        return OnnxGraph.create("sequence-output")
                .input("input", ElementType.FLOAT, -1, 2)
                .node("SequenceConstruct", List.of("input"), List.of("output"))
                .sequenceOutput("output", ElementType.FLOAT)
                .toBytes();
    }
}
