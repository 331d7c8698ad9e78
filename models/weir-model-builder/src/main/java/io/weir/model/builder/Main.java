// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import aQute.bnd.osgi.Analyzer;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.TensorSpec;

/**
 * Command line: {@code java -cp ... io.weir.model.builder.Main <command> ...}. Exit codes: 0 success, 1 failure
 * (a model or metadata that does not check out, an I/O error), 2 usage error.
 *
 * <pre>
 * build   --name N --version V --onnx F [--metadata F.properties] [--symbolic-name S] [--bundle-name T]
 *         [--description D] [--input SPEC]... [--output SPEC]... (--out F.jar | --extract-to DIR)...
 * inspect [--summary] F.jar
 * </pre>
 *
 * {@code --version} takes an OSGi version, or a Maven version that bnd's rule turns into one ({@code
 * 1.0.0-SNAPSHOT} becomes {@code 1.0.0.SNAPSHOT}), so that a build can pass its project version.
 */
public final class Main {

    /** Exit code of a successful command. */
    public static final int OK = 0;
    /** Exit code of a failed command. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: io.weir.model.builder.Main <command> [options]
              build   --name N --version V --onnx F [--metadata F.properties] [--symbolic-name S]
                      [--bundle-name T] [--description D] [--input SPEC]... [--output SPEC]...
                      (--out F.jar | --extract-to DIR)...
                      checks the ONNX file and the metadata, then writes the model bundle (--out), or its
                      entries and manifest into a folder for a build tool to pack (--extract-to);
                      V is an OSGi version or a Maven one (1.0.0-SNAPSHOT -> 1.0.0.SNAPSHOT);
                      SPEC is name:TYPE:dims (e.g. input:FLOAT:-1x6): the file must declare exactly these
              inspect [--summary] F.jar
                      prints what a model bundle declares (--summary: without the metadata entries)
            """;

    private static final Pattern MAVEN_VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}([.-][A-Za-z0-9_.-]+)?");

    private static final Set<String> REPEATABLE = Set.of("input", "output", "out", "extract-to");

    /** Options without a value. */
    private static final Set<String> FLAGS = Set.of("summary");

    private Main() {
    }

    /**
     * Entry point. Exits the JVM only with a non-zero exit code, so that it can also run inside a build tool's JVM
     * (exec-maven-plugin's {@code java} goal).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        if (rc != OK) {
            System.exit(rc);
        }
    }

    /**
     * Runs a command. Never exits the JVM.
     *
     * @param args the command line
     * @param out where results go
     * @param err where errors and usage go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        try {
            Options o = Options.parse(args);
            return switch (args[0]) {
                case "build" -> build(o, out);
                case "inspect" -> inspect(o, out);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int build(Options o, PrintStream out) throws IOException {
        o.allow("name", "version", "onnx", "metadata", "symbolic-name", "bundle-name", "description", "input",
                "output", "out", "extract-to");
        if (!o.files.isEmpty()) {
            throw new UsageException("build takes no file arguments: " + o.files);
        }
        List<String> jars = o.all("out");
        List<String> folders = o.all("extract-to");
        if (jars.isEmpty() && folders.isEmpty()) {
            throw new UsageException("build needs --out or --extract-to");
        }
        ModelBundle.Builder b = ModelBundle.builder(o.require("name"), osgiVersion(o.require("version")));
        Path onnx = Path.of(o.require("onnx"));
        if (!Files.isRegularFile(onnx)) {
            throw new UsageException("no such ONNX file: " + onnx);
        }
        b.onnx(onnx);
        String metadata = o.get("metadata");
        if (metadata != null) {
            Path file = Path.of(metadata);
            if (!Files.isRegularFile(file)) {
                throw new UsageException("no such metadata file: " + file);
            }
            b.metadata(MetadataFile.read(Files.readAllBytes(file), "metadata file " + file));
        }
        String bsn = o.get("symbolic-name");
        if (bsn != null) {
            b.symbolicName(bsn);
        }
        String bundleName = o.get("bundle-name");
        if (bundleName != null) {
            b.bundleName(bundleName);
        }
        String description = o.get("description");
        if (description != null) {
            b.description(description);
        }
        if (!o.all("input").isEmpty()) {
            b.inputs(o.all("input").stream().map(TensorSpec::parse).toArray(TensorSpec[]::new));
        }
        if (!o.all("output").isEmpty()) {
            b.outputs(o.all("output").stream().map(TensorSpec::parse).toArray(TensorSpec[]::new));
        }
        BuiltModelBundle bundle = b.build();
        out.println("built model bundle " + bundle.info());
        describe(bundle.info(), out);
        for (String jar : jars) {
            bundle.writeTo(Path.of(jar));
            out.println("  wrote      " + jar + " (" + bundle.jar().length + " bytes)");
        }
        for (String folder : folders) {
            bundle.extractTo(Path.of(folder));
            out.println("  extracted  to " + folder);
        }
        return OK;
    }

    private static int inspect(Options o, PrintStream out) throws IOException {
        o.allow("summary");
        if (o.files.size() != 1) {
            throw new UsageException("inspect needs exactly one file");
        }
        Path jar = Path.of(o.files.get(0));
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("no such file: " + jar);
        }
        ModelBundleInfo info = ModelBundles.inspect(jar);
        out.println(info);
        describe(info, out);
        if (o.get("summary") == null) {
            info.descriptor().metadata().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.println("    " + e.getKey() + "=" + e.getValue()));
        }
        return OK;
    }

    private static void describe(ModelBundleInfo info, PrintStream out) {
        ModelDescriptor d = info.descriptor();
        out.println("  model      " + d.name() + " " + d.version() + ", format " + d.format() + ", file "
                + info.modelFile());
        out.println("  inputs     " + String.join(", ", d.inputs().stream().map(TensorSpec::format).toList()));
        out.println("  outputs    " + String.join(", ", d.outputs().stream().map(TensorSpec::format).toList()));
        out.println("  metadata   " + (info.metadataFile() == null ? "none"
                : d.metadata().size() + " entries in " + info.metadataFile()));
    }

    /** An OSGi version as it is, or a Maven version turned into one the way bnd does it. */
    static String osgiVersion(String version) {
        try {
            return org.osgi.framework.Version.parseVersion(version).toString();
        } catch (IllegalArgumentException e) {
            // only what looks like a version is converted; anything else is refused by the builder as it is
            return MAVEN_VERSION.matcher(version).matches() ? Analyzer.cleanupVersion(version) : version;
        }
    }

    /** A usage error: exit code 2 and the usage text. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --key value} options (some repeatable) and file arguments. */
    private static final class Options {
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private final List<String> files = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--") && FLAGS.contains(a.substring(2))) {
                    o.values.put(a.substring(2), List.of("true"));
                } else if (a.startsWith("--")) {
                    String key = a.substring(2);
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException("option " + a + " needs a value");
                    }
                    List<String> v = o.values.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!v.isEmpty() && !REPEATABLE.contains(key)) {
                        throw new UsageException("option " + a + " given twice");
                    }
                    v.add(args[++i]);
                } else {
                    o.files.add(a);
                }
            }
            return o;
        }

        void allow(String... keys) {
            for (String k : values.keySet()) {
                if (!List.of(keys).contains(k)) {
                    throw new UsageException("unknown option --" + k);
                }
            }
        }

        @Nullable String get(String key) {
            List<String> v = values.get(key);
            return v == null ? null : v.get(0);
        }

        List<String> all(String key) {
            return values.getOrDefault(key, List.of());
        }

        String require(String key) {
            String v = get(key);
            if (v == null) {
                throw new UsageException("missing --" + key);
            }
            return v;
        }
    }
}
