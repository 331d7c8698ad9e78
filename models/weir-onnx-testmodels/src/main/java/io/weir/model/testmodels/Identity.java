// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import java.util.List;

import io.weir.inference.ElementType;

/**
 * Models of one ONNX {@code Identity} node: the output is the input. For tests of shape and element-type
 * handling and of tensor-name validation: any element type (also the ones Weir does not support), any rank
 * (scalars included), fixed and symbolic ({@code -1}) dimensions, any names.
 */
public final class Identity {

    /** Default input name: {@value}. */
    public static final String INPUT = "input";

    /** Default output name: {@value}. */
    public static final String OUTPUT = "output";

    /** ONNX element type number of {@code UINT8}, which Weir does not support: {@value}. */
    public static final int ONNX_UINT8 = 2;

    /** ONNX element type number of {@code FLOAT16}, which Weir does not support: {@value}. */
    public static final int ONNX_FLOAT16 = 10;

    private Identity() {
    }

    /**
     * @param type the element type of input and output
     * @param shape the dimensions, {@code -1} for a symbolic one; empty for a scalar
     * @return a model from {@value #INPUT} to {@value #OUTPUT}
     */
    public static byte[] model(ElementType type, long[] shape) {
        return model(INPUT, OUTPUT, OnnxGraph.onnxType(type), shape);
    }

    /**
     * @param inputName the input name
     * @param outputName the output name
     * @param type the element type of input and output
     * @param shape the dimensions, {@code -1} for a symbolic one; empty for a scalar
     * @return the model
     */
    public static byte[] model(String inputName, String outputName, ElementType type, long[] shape) {
        return model(inputName, outputName, OnnxGraph.onnxType(type), shape);
    }

    /**
     * @param inputName the input name
     * @param outputName the output name
     * @param onnxElementType the ONNX {@code TensorProto.DataType} number, for example {@link #ONNX_UINT8}
     * @param shape the dimensions, {@code -1} for a symbolic one; empty for a scalar
     * @return the model
     */
    public static byte[] model(String inputName, String outputName, int onnxElementType, long[] shape) {
        return OnnxGraph.create("identity")
                .input(inputName, onnxElementType, shape)
                .node("Identity", List.of(inputName), List.of(outputName))
                .output(outputName, onnxElementType, shape)
                .toBytes();
    }
}
