// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The shipped model bundle {@code io.weir:weir-model-vibration} (copied to {@code target/test-models} by the build),
 * and an independent reference: ONNX Runtime run directly on its model file, with plain Java arrays, none of the
 * service's code.
 */
final class ShippedModel {

    static final String SERVICE = "inference/vibration-anomaly";
    static final String MODEL_ENTRY = "model/vibration-anomaly.onnx";
    static final int FEATURES = 6;

    private ShippedModel() {
    }

    /** @return the directory holding the shipped model bundle, and nothing else */
    static Path directory() {
        String dir = System.getProperty("weir.test.models");
        if (dir == null) {
            throw new IllegalStateException("system property weir.test.models is not set (run the tests with Maven)");
        }
        return Path.of(dir);
    }

    /** @return the shipped model bundle jar */
    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().startsWith("weir-model-vibration"))
                    .toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one weir-model-vibration jar in " + directory() + ": " + jars);
            }
            return jars.get(0);
        }
    }

    static byte[] onnx() throws IOException {
        return entry(MODEL_ENTRY);
    }

    private static byte[] entry(String name) throws IOException {
        try (JarFile jar = new JarFile(jar().toFile()); InputStream in = jar.getInputStream(jar.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    /** @return the model's output for rows of 6 features, computed by ONNX Runtime directly */
    static float[][] reference(float[][] rows) throws IOException, OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, rows);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get("output").orElseThrow().getValue();
        }
    }

    /** @return rows of plausible standardised window features, different for each seed */
    static float[][] rows(int count, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[][] rows = new float[count][FEATURES];
        for (float[] row : rows) {
            for (int i = 0; i < FEATURES; i++) {
                row[i] = (float) (r.nextGaussian() * (r.nextInt(10) == 0 ? 6 : 1));
            }
        }
        return rows;
    }

    static float[] flatten(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return flat;
    }
}
