// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.weir.inference.ElementType;
import io.weir.inference.ModelCapability;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetadata;
import io.weir.inference.TensorSpec;
import io.weir.model.testmodels.LogisticRegression;

import org.osgi.framework.Version;

/**
 * The model the benchmark runs: the shipped model bundle read as the engine's extender reads it (the {@code
 * weir.model} capability of the manifest, the ONNX file and the metadata properties named by it), or, when that
 * bundle is missing, a logistic regression of the same shape built by {@code weir-onnx-testmodels}.
 *
 * @param descriptor the model as the engine describes it (name, version, specs, metadata)
 * @param onnx the model file's bytes
 * @param source where it came from, for the report
 * @param shipped whether it is the shipped model
 */
record BenchModel(ModelDescriptor descriptor, byte[] onnx, String source, boolean shipped) {

    /** Coordinates of the shipped default model bundle. */
    static final String SHIPPED = "io.weir:weir-model-vibration:0.1.0-SNAPSHOT";

    /**
     * @param jar a model bundle
     * @return its first {@code weir.model} capability of format onnx
     * @throws IOException if the jar cannot be read
     * @throws IllegalArgumentException if it is no model bundle
     */
    static BenchModel shipped(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest mf = j.getManifest();
            if (mf == null) {
                throw new IllegalArgumentException(jar + " has no manifest");
            }
            String header = mf.getMainAttributes().getValue("Provide-Capability");
            if (header == null) {
                throw new IllegalArgumentException(jar + " has no Provide-Capability header");
            }
            for (Clause c : parse(header)) {
                if (!ModelCapability.NAMESPACE.equals(c.namespace)
                        || !ModelCapability.FORMAT_ONNX.equals(c.value(ModelCapability.FORMAT_ATTRIBUTE))) {
                    continue;
                }
                String name = c.required(ModelCapability.NAME_ATTRIBUTE);
                Version version = Version.parseVersion(c.required(ModelCapability.VERSION_ATTRIBUTE));
                String file = c.required(ModelCapability.FILE_ATTRIBUTE);
                List<TensorSpec> inputs = specs(c.list(ModelCapability.INPUTS_ATTRIBUTE));
                List<TensorSpec> outputs = specs(c.list(ModelCapability.OUTPUTS_ATTRIBUTE));
                Map<String, String> metadata = new TreeMap<>();
                String metadataPath = c.value(ModelCapability.METADATA_ATTRIBUTE);
                if (metadataPath != null) {
                    Properties p = new Properties();
                    try (Reader r = new InputStreamReader(entry(j, metadataPath), StandardCharsets.UTF_8)) {
                        p.load(r);
                    }
                    for (String k : p.stringPropertyNames()) {
                        metadata.put(k, p.getProperty(k));
                    }
                }
                byte[] bytes;
                try (InputStream in = entry(j, file)) {
                    bytes = in.readAllBytes();
                }
                ModelDescriptor d = new ModelDescriptor(name, version, ModelCapability.FORMAT_ONNX, inputs, outputs,
                        metadata);
                return new BenchModel(d, bytes, SHIPPED + " (" + file + ")", true);
            }
            throw new IllegalArgumentException(jar + " declares no weir.model capability of format onnx");
        }
    }

    /** @return a logistic regression FLOAT [-1, 6] → FLOAT [-1, 2] with seeded weights, named as a fallback */
    static BenchModel fallback() {
        Random random = new Random(7);
        int n = 6;
        float[][] w = new float[n][2];
        for (float[] row : w) {
            row[0] = (float) random.nextGaussian();
            row[1] = (float) random.nextGaussian();
        }
        float[] b = { 0.1f, -0.1f };
        byte[] bytes = LogisticRegression.model(w, b);
        Map<String, String> metadata = new TreeMap<>();
        metadata.put(ModelMetadata.INPUT_FEATURES, String.join(",", FeatureWindows.names("vibration")));
        ModelDescriptor d = new ModelDescriptor("logreg-fallback", Version.parseVersion("1.0.0"),
                ModelCapability.FORMAT_ONNX,
                List.of(new TensorSpec(LogisticRegression.INPUT, ElementType.FLOAT, new long[] { -1, n })),
                List.of(new TensorSpec(LogisticRegression.OUTPUT, ElementType.FLOAT, new long[] { -1, 2 })),
                metadata);
        return new BenchModel(d, bytes, "weir-onnx-testmodels LogisticRegression 6x2 (FALLBACK, not the shipped model)",
                false);
    }

    /** @return this model's descriptor with another version */
    ModelDescriptor withVersion(Version v) {
        return new ModelDescriptor(descriptor.name(), v, descriptor.format(), descriptor.inputs(),
                descriptor.outputs(), descriptor.metadata());
    }

    private static InputStream entry(JarFile j, String path) throws IOException {
        JarEntry e = j.getJarEntry(path);
        if (e == null) {
            throw new IllegalArgumentException("the model bundle has no entry " + path);
        }
        return j.getInputStream(e);
    }

    private static List<TensorSpec> specs(List<String> texts) {
        List<TensorSpec> specs = new ArrayList<>();
        for (String t : texts) {
            specs.add(TensorSpec.parse(t));
        }
        return specs;
    }

    // ---- a small reader of OSGi manifest headers (clauses; attributes, typed or not; quoted values) ----

    /** One clause: its namespace and its attributes as written (quotes removed, List values still joined). */
    static final class Clause {
        final String namespace;
        final Map<String, String> attributes = new LinkedHashMap<>();

        Clause(String namespace) {
            this.namespace = namespace;
        }

        String value(String key) {
            return attributes.get(key);
        }

        String required(String key) {
            String v = attributes.get(key);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("the weir.model capability has no attribute " + key);
            }
            return v;
        }

        List<String> list(String key) {
            String v = required(key);
            List<String> out = new ArrayList<>();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '\\' && i + 1 < v.length()) {
                    b.append(v.charAt(++i));
                } else if (ch == ',') {
                    out.add(b.toString().trim());
                    b.setLength(0);
                } else {
                    b.append(ch);
                }
            }
            out.add(b.toString().trim());
            return out;
        }
    }

    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            Clause c = new Clause(parts.get(0).trim());
            for (String part : parts.subList(1, parts.size())) {
                int eq = indexOutsideQuotes(part, '=');
                if (eq < 0) {
                    continue; // a second namespace: not used by model bundles
                }
                String key = part.substring(0, eq).trim();
                if (key.endsWith(":")) {
                    continue; // a directive
                }
                int colon = key.indexOf(':');
                if (colon >= 0) {
                    key = key.substring(0, colon).trim(); // the type is implied by the attribute
                }
                c.attributes.put(key, unquote(part.substring(eq + 1).trim()));
            }
            clauses.add(c);
        }
        return clauses;
    }

    /** Splits at {@code sep} outside double quotes (a backslash escapes the next character inside quotes). */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted && ch == '\\') {
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == sep) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static int indexOutsideQuotes(String s, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted && ch == '\\') {
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && ch == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Removes surrounding quotes; keeps backslash escapes (a List value needs them to split). */
    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
