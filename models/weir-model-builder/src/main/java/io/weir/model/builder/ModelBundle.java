// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Version;

import io.weir.inference.ModelCapability;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.TensorSpec;

/**
 * Builds a <em>model bundle</em>: an OSGi bundle carrying one ONNX file, the {@value ModelCapability#NAMESPACE}
 * capability describing it, the requirement on the model extender, and optionally a metadata properties file.
 *
 * <pre>
 * BuiltModelBundle bundle = ModelBundle.builder("vibration-anomaly", "1.0.0")
 *         .onnx(Path.of("vibration-anomaly.onnx"))
 *         .metadata(Map.of("input.name", "input", "input.features", "rms,peak,crest,kurtosis,skew,mean"))
 *         .build();
 * bundle.writeTo(Path.of("target/io.weir.model.vibration-anomaly-1.0.0.jar"));
 * </pre>
 *
 * <p>The bundle holds {@code model/<name>.onnx} and, when there is metadata, {@value #METADATA_ENTRY}; its
 * symbolic name is {@code io.weir.model.<name>} unless set. {@link Builder#build()} first checks everything the
 * engine would otherwise find only at run time (see there), so a bundle that builds loads. The same inputs give
 * the same bytes: bnd's {@code -reproducible} entry times, no build-host headers ({@code -noextraheaders}),
 * entries and metadata in a fixed order.
 */
public final class ModelBundle {

    /** The folder of the bundle holding the model file and the metadata: {@value}. */
    public static final String MODEL_FOLDER = "model/";

    /** The bundle entry of the metadata properties file (when there is metadata): {@value}. */
    public static final String METADATA_ENTRY = MODEL_FOLDER + "metadata.properties";

    /** Prefix of the default symbolic name, followed by the model name: {@value}. */
    public static final String SYMBOLIC_NAME_PREFIX = "io.weir.model.";

    /** What a model name looks like: lower-case letters, digits, {@code .}, {@code _} and {@code -}. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private ModelBundle() {
    }

    /**
     * Starts a model bundle.
     *
     * @param name the model name ({@link #NAME}), for example {@code vibration-anomaly}
     * @param version the model version, an OSGi version such as {@code 1.0.0} (also the bundle version)
     * @return a builder
     * @throws IllegalArgumentException naming the bad name or version
     */
    public static Builder builder(String name, String version) {
        return new Builder(name, version);
    }

    /**
     * @param name a model name
     * @return the bundle entry of its model file, {@code model/<name>.onnx}
     */
    public static String modelEntry(String name) {
        return MODEL_FOLDER + name + ".onnx";
    }

    /**
     * Collects the parts of one model bundle; {@link #build()} checks and assembles them. Not thread-safe: used by
     * one thread, and may be built more than once.
     */
    public static final class Builder {

        private final String name;
        private final Version version;
        private byte @Nullable [] onnx;
        private String onnxSource = "ONNX model";
        private Map<String, String> metadata = Map.of();
        private @Nullable String symbolicName;
        private @Nullable String bundleName;
        private @Nullable String description;
        private @Nullable List<TensorSpec> inputs;
        private @Nullable List<TensorSpec> outputs;

        Builder(String name, String version) {
            if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
                throw new IllegalArgumentException("model name '" + name + "' must match " + NAME.pattern());
            }
            this.name = name;
            try {
                this.version = Version.parseVersion(Objects.requireNonNull(version, "version"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model version '" + version + "' is not an OSGi version "
                        + "(major.minor.micro.qualifier, e.g. 1.0.0): " + e.getMessage(), e);
            }
        }

        /**
         * @param file the ONNX model file; read now
         * @return this
         * @throws UncheckedIOException when the file cannot be read
         */
        public Builder onnx(Path file) {
            try {
                this.onnx = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the ONNX file " + file + ": " + e, e);
            }
            this.onnxSource = "ONNX file " + file;
            return this;
        }

        /**
         * @param model the ONNX model's bytes; copied
         * @return this
         */
        public Builder onnx(byte[] model) {
            this.onnx = model.clone();
            this.onnxSource = "ONNX model";
            return this;
        }

        /**
         * Sets the metadata, written to {@value ModelBundle#METADATA_ENTRY} when not empty. The keys of {@link
         * io.weir.inference.ModelMetadata} that are present are checked against the model when building.
         *
         * @param entries the entries; copied
         * @return this
         */
        public Builder metadata(Map<String, String> entries) {
            this.metadata = Map.copyOf(entries);
            return this;
        }

        /**
         * @param bsn the bundle symbolic name; default {@code io.weir.model.<name>}
         * @return this
         */
        public Builder symbolicName(String bsn) {
            if (!SYMBOLIC_NAME.matcher(bsn).matches()) {
                throw new IllegalArgumentException("'" + bsn + "' is not a bundle symbolic name");
            }
            this.symbolicName = bsn;
            return this;
        }

        /**
         * @param text the {@code Bundle-Name}; none by default
         * @return this
         */
        public Builder bundleName(String text) {
            this.bundleName = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * @param text the {@code Bundle-Description}; none by default
         * @return this
         */
        public Builder description(String text) {
            this.description = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Declares the inputs the caller expects; {@link #build()} fails unless the model file has exactly these
         * (names, order, element types, shapes). Optional: by default the file's inputs are taken as they are.
         *
         * @param specs the expected inputs in model order
         * @return this
         */
        public Builder inputs(TensorSpec... specs) {
            this.inputs = List.of(specs);
            return this;
        }

        /**
         * Declares the outputs the caller expects, as {@link #inputs(TensorSpec...)} does for inputs.
         *
         * @param specs the expected outputs in model order
         * @return this
         */
        public Builder outputs(TensorSpec... specs) {
            this.outputs = List.of(specs);
            return this;
        }

        /**
         * Checks the parts and assembles the bundle. Checks, each failing with an {@link IllegalArgumentException}
         * that names the file, tensor or metadata key:
         * <ul>
         * <li>the model loads in ONNX Runtime;</li>
         * <li>every input and output is a tensor of a supported element type (FLOAT, DOUBLE, INT32, INT64, BOOL,
         * STRING), there is at least one output, and no name contains {@code ,}, {@code "} or {@code \};</li>
         * <li>declared {@link #inputs}/{@link #outputs}, if any, equal the file's;</li>
         * <li>the metadata is consistent with the model: {@code input.name} is an input; {@code input.features}
         * has as many entries as that input (FLOAT {@code [batch, features]}) has columns; {@code input.mean} and
         * {@code input.scale} have one finite number per feature, no scale 0; {@code output.score} is an output
         * and {@code output.score.index} one of its columns; {@code output.labels} has one label per column;
         * {@code output.threshold} is a finite number; every {@code reference.<f>.edges} is ascending finite
         * numbers with a {@code reference.<f>.fractions} of one more entry, each in [0, 1], summing to 1.</li>
         * </ul>
         *
         * @return the bundle
         * @throws IllegalArgumentException when a check fails
         * @throws IllegalStateException when no model was given, or bnd fails
         */
        public BuiltModelBundle build() {
            byte[] model = onnx;
            if (model == null) {
                throw new IllegalStateException("model " + name + ": no ONNX model given");
            }
            OnnxSignature signature = OnnxSignature.read(model, onnxSource);
            List<TensorSpec> declaredInputs = inputs;
            List<TensorSpec> declaredOutputs = outputs;
            if (declaredInputs != null) {
                requireSame("input", declaredInputs, signature.inputs());
            }
            if (declaredOutputs != null) {
                requireSame("output", declaredOutputs, signature.outputs());
            }
            SortedMap<String, String> sorted = new TreeMap<>(metadata);
            MetadataCheck.check(sorted, signature.inputs(), signature.outputs());

            String bsn = symbolicName != null ? symbolicName : SYMBOLIC_NAME_PREFIX + name;
            ModelBundleInfo info = new ModelBundleInfo(bsn,
                    new ModelDescriptor(name, version, ModelCapability.FORMAT_ONNX, signature.inputs(),
                            signature.outputs(), sorted),
                    modelEntry(name), sorted.isEmpty() ? null : METADATA_ENTRY);
            byte[] jar = BundleJar.write(info, bundleName, description, model,
                    sorted.isEmpty() ? null : MetadataFile.write(sorted));
            return new BuiltModelBundle(jar, info);
        }

        private void requireSame(String kind, List<TensorSpec> declared, List<TensorSpec> actual) {
            for (int i = 0; i < Math.max(declared.size(), actual.size()); i++) {
                TensorSpec d = i < declared.size() ? declared.get(i) : null;
                TensorSpec a = i < actual.size() ? actual.get(i) : null;
                if (!Objects.equals(d, a)) {
                    throw new IllegalArgumentException("model " + name + ": declared " + kind + " " + i + " is "
                            + (d == null ? "missing" : "'" + d.format() + "'") + " but the " + onnxSource + " has "
                            + (a == null ? "no " + kind + " " + i : "'" + a.format() + "'") + " (declared "
                            + format(declared) + ", file " + format(actual) + ")");
                }
            }
        }
    }

    static String format(List<TensorSpec> specs) {
        return Arrays.toString(specs.stream().map(TensorSpec::format).toArray());
    }
}
