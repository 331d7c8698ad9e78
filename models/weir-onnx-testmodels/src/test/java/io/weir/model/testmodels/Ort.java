// SPDX-License-Identifier: Apache-2.0
package io.weir.model.testmodels;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/** Runs a model in ONNX Runtime: Java arrays in, Java arrays out. */
final class Ort {

    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private Ort() {
    }

    static OrtSession open(byte[] model) throws OrtException {
        return ENV.createSession(model, new OrtSession.SessionOptions());
    }

    /**
     * @param model the model bytes
     * @param inputs input name → Java array (or boxed scalar), in any order
     * @return output name → Java array (or boxed scalar), in model order
     */
    static Map<String, Object> run(byte[] model, Map<String, Object> inputs) throws OrtException {
        try (OrtSession session = open(model)) {
            Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Object> e : inputs.entrySet()) {
                    tensors.put(e.getKey(), OnnxTensor.createTensor(ENV, e.getValue()));
                }
                try (OrtSession.Result result = session.run(tensors)) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    for (Map.Entry<String, OnnxValue> e : result) {
                        out.put(e.getKey(), e.getValue().getValue());
                    }
                    return out;
                }
            } finally {
                tensors.values().forEach(OnnxTensor::close);
            }
        }
    }

    /** @return name → "TYPE[shape]" of the tensors, in model order */
    static Map<String, String> describe(Map<String, NodeInfo> infos) {
        Map<String, String> out = new LinkedHashMap<>();
        infos.forEach((name, info) -> {
            TensorInfo t = (TensorInfo) info.getInfo();
            out.put(name, t.type + java.util.Arrays.toString(t.getShape()));
        });
        return out;
    }
}
