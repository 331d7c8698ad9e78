// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.weir.inference.ElementType;

/**
 * A small builder of single-graph ONNX models over the ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl} from
 * tribuo-util-onnx), for tests that need a model none of the ready-made ones gives. Every model has IR version
 * {@value #IR_VERSION} and imports the default operator set at version {@value #OPSET}, which ONNX Runtime 1.29
 * supports. The same calls give the same bytes: nothing depends on time, host or hash order.
 *
 * <p>A dimension of {@code -1} in {@link #input} or {@link #output} is written as a symbolic dimension (a
 * {@code dim_param}, {@code N} for the first dimension and {@code d1}, {@code d2}... for the others), which ONNX
 * Runtime reports as {@code -1}.
 *
 * <pre>
 * byte[] model = OnnxGraph.create("double-it")
 *         .input("x", ElementType.FLOAT, -1, 4)
 *         .initializer("two", new long[0], new float[] {2f})
 *         .node("Mul", List.of("x", "two"), List.of("y"))
 *         .output("y", ElementType.FLOAT, -1, 4)
 *         .toBytes();
 * </pre>
 *
 * <p>Not thread-safe; a builder is used by one thread and thrown away.
 */
public final class OnnxGraph {

    /** The ONNX IR version of every model built here: {@value} (ONNX 1.13). */
    public static final long IR_VERSION = 8;

    /** The version of the default ({@code ai.onnx}) operator set every model imports: {@value}. */
    public static final long OPSET = 17;

    /** The producer name written into every model: {@value}. */
    public static final String PRODUCER = "weir-onnx-testmodels";

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private int nodes;

    private OnnxGraph(String name) {
        graph.setName(Objects.requireNonNull(name, "name"));
    }

    /**
     * @param name the graph name
     * @return an empty graph
     */
    public static OnnxGraph create(String name) {
        return new OnnxGraph(name);
    }

    /**
     * The ONNX {@code TensorProto.DataType} number of an element type.
     *
     * @param type an element type
     * @return its ONNX number, for example 1 for FLOAT
     */
    public static int onnxType(ElementType type) {
        return switch (type) {
            case FLOAT -> DataType.FLOAT_VALUE;
            case DOUBLE -> DataType.DOUBLE_VALUE;
            case INT32 -> DataType.INT32_VALUE;
            case INT64 -> DataType.INT64_VALUE;
            case BOOL -> DataType.BOOL_VALUE;
            case STRING -> DataType.STRING_VALUE;
        };
    }

    /**
     * Adds a tensor input.
     *
     * @param name the tensor name
     * @param type the element type
     * @param shape the dimensions, {@code -1} for a symbolic one; none for a scalar
     * @return this
     */
    public OnnxGraph input(String name, ElementType type, long... shape) {
        return input(name, onnxType(type), shape);
    }

    /**
     * Adds a tensor input of any ONNX element type, also the ones Weir does not support (for example 2,
     * {@code UINT8}, or 10, {@code FLOAT16}).
     *
     * @param name the tensor name
     * @param onnxElementType the ONNX {@code TensorProto.DataType} number
     * @param shape the dimensions, {@code -1} for a symbolic one; none for a scalar
     * @return this
     */
    public OnnxGraph input(String name, int onnxElementType, long... shape) {
        graph.addInput(tensorValue(name, onnxElementType, shape));
        return this;
    }

    /**
     * Adds a tensor output.
     *
     * @param name the tensor name, produced by a node
     * @param type the element type
     * @param shape the dimensions, {@code -1} for a symbolic one; none for a scalar
     * @return this
     */
    public OnnxGraph output(String name, ElementType type, long... shape) {
        return output(name, onnxType(type), shape);
    }

    /**
     * Adds a tensor output of any ONNX element type.
     *
     * @param name the tensor name, produced by a node
     * @param onnxElementType the ONNX {@code TensorProto.DataType} number
     * @param shape the dimensions, {@code -1} for a symbolic one; none for a scalar
     * @return this
     */
    public OnnxGraph output(String name, int onnxElementType, long... shape) {
        graph.addOutput(tensorValue(name, onnxElementType, shape));
        return this;
    }

    /**
     * Adds an output that is a sequence of tensors rather than a tensor.
     *
     * @param name the output name, produced by a node
     * @param type the element type of the tensors in the sequence
     * @return this
     */
    public OnnxGraph sequenceOutput(String name, ElementType type) {
        OnnxMl.TypeProto tensor = OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(onnxType(type))).build();
        graph.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(
                OnnxMl.TypeProto.newBuilder().setSequenceType(
                        OnnxMl.TypeProto.Sequence.newBuilder().setElemType(tensor))));
        return this;
    }

    /**
     * Adds a FLOAT constant.
     *
     * @param name the tensor name
     * @param dims its dimensions (all fixed); empty for a scalar
     * @param values the elements in row-major order
     * @return this
     */
    public OnnxGraph initializer(String name, long[] dims, float[] values) {
        OnnxMl.TensorProto.Builder t = tensor(name, DataType.FLOAT_VALUE, dims, values.length);
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return this;
    }

    /**
     * Adds an INT64 constant.
     *
     * @param name the tensor name
     * @param dims its dimensions (all fixed); empty for a scalar
     * @param values the elements in row-major order
     * @return this
     */
    public OnnxGraph initializer(String name, long[] dims, long[] values) {
        OnnxMl.TensorProto.Builder t = tensor(name, DataType.INT64_VALUE, dims, values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return this;
    }

    /**
     * Adds a node without attributes.
     *
     * @param opType the operator, for example {@code Gemm}
     * @param inputs the names of its inputs
     * @param outputs the names of its outputs
     * @return this
     */
    public OnnxGraph node(String opType, List<String> inputs, List<String> outputs) {
        return node(opType, inputs, outputs, Map.of());
    }

    /**
     * Adds a node.
     *
     * @param opType the operator, for example {@code Gemm}
     * @param inputs the names of its inputs
     * @param outputs the names of its outputs
     * @param attributes attribute values: {@link Long} or {@link Integer} (INT), {@link Float} (FLOAT), {@code
     *        long[]} (INTS) or {@link String} (STRING); written in name order
     * @return this
     */
    public OnnxGraph node(String opType, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(opType)
                .setName(opType.toLowerCase(java.util.Locale.ROOT) + "_" + nodes++)
                .addAllInput(inputs).addAllOutput(outputs);
        for (Map.Entry<String, ?> a : new TreeMap<>(attributes).entrySet()) {
            n.addAttribute(attribute(a.getKey(), a.getValue()));
        }
        graph.addNode(n);
        return this;
    }

    /** @return the serialized {@code ModelProto} */
    public byte[] toBytes() {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static OnnxMl.ValueInfoProto tensorValue(String name, int elemType, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.length; i++) {
            OnnxMl.TensorShapeProto.Dimension.Builder d = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (shape[i] < 0) {
                d.setDimParam(i == 0 ? "N" : "d" + i);
            } else {
                d.setDimValue(shape[i]);
            }
            s.addDim(d);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(
                        OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s)))
                .build();
    }

    private static OnnxMl.TensorProto.Builder tensor(String name, int type, long[] dims, int count) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != count) {
            throw new IllegalArgumentException("initializer " + name + ": " + count + " values for " + size
                    + " elements");
        }
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type);
        for (long d : dims) {
            t.addDims(d);
        }
        return t;
    }

    private static OnnxMl.AttributeProto attribute(String name, Object value) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (value instanceof Long || value instanceof Integer) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float f) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (value instanceof long[] ints) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long i : ints) {
                a.addInts(i);
            }
        } else if (value instanceof String s) {
            a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + value);
        }
        return a.build();
    }
}
