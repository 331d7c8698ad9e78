// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import io.weir.fleet.inference.RefusedModel;
import io.weir.fleet.inference.ServedModel;
import io.weir.inference.Tensor;
import io.weir.model.builder.ModelBundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jars of a models directory become services, and why the others do not. */
class ModelCatalogTest {

    @TempDir
    Path dir;

    private static Path shipped() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("weir.test.models")))) {
            return s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    private static byte[] entry(Path jar, String name) throws IOException {
        try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> metadata() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(entry(shipped(), "model/metadata.properties"), StandardCharsets.UTF_8)));
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** Copies the shipped bundle, changing its manifest's capability and/or its model file. */
    private static void copy(Path to, UnaryOperator<String> capability, byte[] model) throws IOException {
        try (JarFile in = new JarFile(shipped().toFile())) {
            Manifest mf = new Manifest(in.getManifest());
            Attributes main = mf.getMainAttributes();
            main.putValue("Provide-Capability", capability.apply(main.getValue("Provide-Capability")));
            try (OutputStream file = Files.newOutputStream(to); JarOutputStream out = new JarOutputStream(file, mf)) {
                for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements();) {
                    JarEntry entry = e.nextElement();
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    if (entry.getName().equals("model/vibration-anomaly.onnx")) {
                        out.write(model);
                    } else {
                        try (InputStream data = in.getInputStream(entry)) {
                            data.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        }
    }

    @Test
    void servesTheHighestVersionOfEachModelAndSaysWhyItServesNoOtherJar() throws Exception {
        byte[] onnx = entry(shipped(), "model/vibration-anomaly.onnx");
        Files.copy(shipped(), dir.resolve("a-vibration-1.0.0.jar"));
        ModelBundle.builder("vibration-anomaly", "2.0.0").onnx(onnx).metadata(metadata()).build()
                .writeTo(dir.resolve("b-vibration-2.0.0.jar"));
        ModelBundle.builder("bigger-vibration", "1.0.0").onnx(onnx).metadata(metadata()).build()
                .writeTo(dir.resolve("c-bigger.jar"));
        Files.write(dir.resolve("d-garbage.jar"), "not a jar".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("readme.txt"), "ignored: not a jar".getBytes(StandardCharsets.UTF_8));
        Files.createDirectory(dir.resolve("sub.jar"));

        try (ModelCatalog catalog = ModelCatalog.scan(dir, 1)) {
            assertThat(catalog.services()).containsExactly("inference/bigger-vibration", "inference/vibration-anomaly");
            assertThat(catalog.served()).extracting(ServedModel::service, ServedModel::version, m -> m.jar()
                    .getFileName().toString()).containsExactly(
                            tuple("inference/bigger-vibration", "1.0.0", "c-bigger.jar"),
                            tuple("inference/vibration-anomaly", "2.0.0",
                                    "b-vibration-2.0.0.jar"));
            assertThat(catalog.refused()).extracting(r -> r.jar().getFileName().toString(), RefusedModel::reason)
                    .containsExactlyInAnyOrder(
                            tuple("d-garbage.jar",
                                    "not a model bundle: " + dir.resolve("d-garbage.jar")
                                            + ": not a jar file (no entries)"),
                            tuple("a-vibration-1.0.0.jar",
                                    "model vibration-anomaly 1.0.0 is not served: version 2.0.0 from "
                                            + "b-vibration-2.0.0.jar is"));
            assertThat(catalog.model("inference/bigger-vibration").run(Map.of("input",
                    Tensor.ofFloats(new long[] {1, 6}, new float[6]))).get("output").shape()).containsExactly(1, 2);
        }
    }

    @Test
    void refusesAModelOnnxRuntimeCannotLoadOrThatDoesNotMatchItsDeclaration() throws Exception {
        byte[] onnx = entry(shipped(), "model/vibration-anomaly.onnx");
        copy(dir.resolve("corrupt.jar"), c -> c, "not an onnx model".getBytes(StandardCharsets.UTF_8));
        copy(dir.resolve("mismatch.jar"), c -> c.replace("weir.model=vibration-anomaly", "weir.model=mismatch")
                .replace("-1x6", "-1x7"), onnx);
        copy(dir.resolve("tflite.jar"), c -> c.replace("weir.model=vibration-anomaly", "weir.model=lite")
                .replace("format=onnx", "format=tflite"), onnx);

        try (ModelCatalog catalog = ModelCatalog.scan(dir, 1)) {
            assertThat(catalog.services()).isEmpty();
            Map<String, String> reasons = new TreeMap<>();
            catalog.refused().forEach(r -> reasons.put(r.jar().getFileName().toString(), r.reason()));
            assertThat(reasons).containsOnlyKeys("corrupt.jar", "mismatch.jar", "tflite.jar");
            assertThat(reasons.get("corrupt.jar")).startsWith("model vibration-anomaly 1.0.0: ONNX Runtime cannot "
                    + "load the file");
            assertThat(reasons.get("mismatch.jar")).isEqualTo("model mismatch 1.0.0 does not match its declared "
                    + "specs: input input is declared input:FLOAT:-1x7 but the file has FLOAT:[-1, 6]");
            assertThat(reasons.get("tflite.jar")).isEqualTo("model format 'tflite'; this service runs onnx models");
        }
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> ModelCatalog.scan(dir.resolve("nope"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }
}
