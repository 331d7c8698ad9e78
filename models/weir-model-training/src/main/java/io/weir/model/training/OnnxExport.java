// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import ai.onnx.proto.OnnxMl;
import java.util.Map;
import org.tribuo.ONNXExportable;
import org.tribuo.Tribuo;

/**
 * Exports a Tribuo model to ONNX reproducibly. Tribuo writes its provenance (training time, host, JVM, class
 * path…) into the model's {@code metadata_props} ({@value ONNXExportable#PROVENANCE_METADATA_FIELD}) and the
 * model's {@code toString()}, which contains the same, into {@code doc_string}; both change with every run. They
 * are replaced by the Weir metadata and a fixed description, and the producer is set to this library, so the same
 * model gives the same bytes.
 */
final class OnnxExport {

    /** The ONNX model's domain. */
    static final String DOMAIN = "io.weir.model";
    /** The ONNX model's producer name. */
    static final String PRODUCER = "weir-model-training";
    /** The ONNX model's producer version: the Tribuo release that built the graph. */
    static final String PRODUCER_VERSION = "tribuo-" + Tribuo.VERSION;
    /** The ONNX model's version. */
    static final long MODEL_VERSION = 1;

    private final OnnxMl.ModelProto exported;

    /**
     * Exports the graph and checks its shape.
     *
     * @param model the trained model
     * @param features the expected number of input columns
     * @param classes the expected number of output columns
     * @throws IllegalStateException if the graph does not have one FLOAT input [batch, features] and one FLOAT
     *         output [batch, classes]
     */
    OnnxExport(ONNXExportable model, int features, int classes) {
        this.exported = model.exportONNXModel(DOMAIN, MODEL_VERSION);
        OnnxMl.GraphProto g = exported.getGraph();
        if (g.getInputCount() != 1 || g.getOutputCount() != 1) {
            throw new IllegalStateException("expected one input and one output in the exported graph, got "
                    + g.getInputCount() + " and " + g.getOutputCount());
        }
        checkMatrix("input", g.getInput(0), features);
        checkMatrix("output", g.getOutput(0), classes);
    }

    private static void checkMatrix(String role, OnnxMl.ValueInfoProto value, int columns) {
        OnnxMl.TypeProto.Tensor t = value.getType().getTensorType();
        boolean ok = t.getElemType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()
                && t.getShape().getDimCount() == 2 && !t.getShape().getDim(0).hasDimValue()
                && t.getShape().getDim(1).getDimValue() == columns;
        if (!ok) {
            throw new IllegalStateException("the exported " + role + " '" + value.getName() + "' is not a FLOAT "
                    + "[batch, " + columns + "] tensor: " + value.getType());
        }
    }

    /** @return the input tensor's name */
    String inputName() {
        return exported.getGraph().getInput(0).getName();
    }

    /** @return the output tensor's name */
    String outputName() {
        return exported.getGraph().getOutput(0).getName();
    }

    /**
     * @param metadata the model's metadata, in the order to write (sorted)
     * @param description the model's {@code doc_string}
     * @return the serialized model: Tribuo's graph with the given metadata and description and no provenance
     */
    byte[] toBytes(Map<String, String> metadata, String description) {
        OnnxMl.ModelProto.Builder b = exported.toBuilder()
                .clearMetadataProps()
                .setProducerName(PRODUCER)
                .setProducerVersion(PRODUCER_VERSION)
                .setDocString(description);
        b.getGraphBuilder().clearDocString();
        metadata.forEach((key, value) -> b.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                .setKey(key).setValue(value)));
        return b.build().toByteArray();
    }
}
