// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.weir.inference.ElementType;
import io.weir.inference.TensorSpec;

/**
 * The inputs and outputs of an ONNX model as ONNX Runtime reads them: names, element types, shapes (a symbolic
 * or unknown dimension becomes {@value TensorSpec#DYNAMIC}), in model order.
 *
 * @param inputs the inputs
 * @param outputs the outputs, at least one
 */
record OnnxSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    /**
     * Loads the model in ONNX Runtime (without graph optimisation) and reads its signature.
     *
     * @param model the model bytes
     * @param source what to call the model in messages, for example {@code ONNX file x.onnx}
     * @return the signature
     * @throws IllegalArgumentException when the model does not load, or has an input or output Weir cannot feed
     *         or read
     * @throws IllegalStateException when ONNX Runtime cannot start on this platform
     */
    static OnnxSignature read(byte[] model, String source) {
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new IllegalStateException("ONNX Runtime does not start on this platform: " + e, e);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            try (OrtSession session = env.createSession(model, options)) {
                List<TensorSpec> inputs = specs(source, "input", session.getInputInfo());
                List<TensorSpec> outputs = specs(source, "output", session.getOutputInfo());
                if (outputs.isEmpty()) {
                    throw new IllegalArgumentException(source + " has no output");
                }
                return new OnnxSignature(inputs, outputs);
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException(source + " is not a loadable ONNX model (" + model.length
                    + " bytes): " + e.getMessage(), e);
        }
    }

    private static List<TensorSpec> specs(String source, String kind, Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            String name = node.getName();
            String what = source + ": " + kind + " '" + name + "'";
            if (name.isEmpty()) {
                throw new IllegalArgumentException(source + ": an " + kind + " has no name");
            }
            for (char c : new char[] {',', '"', '\\'}) {
                if (name.indexOf(c) >= 0) {
                    throw new IllegalArgumentException(what + " contains '" + c
                            + "', which the weir.model capability cannot carry in a tensor name");
                }
            }
            if (!(node.getInfo() instanceof TensorInfo tensor)) {
                throw new IllegalArgumentException(what + " is not a tensor but " + node.getInfo()
                        + "; Weir feeds and reads tensors only");
            }
            long[] shape = tensor.getShape();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    shape[i] = TensorSpec.DYNAMIC;
                }
            }
            specs.add(new TensorSpec(name, elementType(what, tensor.onnxType), shape));
        }
        return List.copyOf(specs);
    }

    private static ElementType elementType(String what, OnnxTensorType type) {
        return switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> ElementType.FLOAT;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> ElementType.DOUBLE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> ElementType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> ElementType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> ElementType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> ElementType.STRING;
            default -> throw new IllegalArgumentException(what + " has element type "
                    + type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "")
                    + "; supported: FLOAT, DOUBLE, INT32, INT64, BOOL, STRING");
        };
    }
}
