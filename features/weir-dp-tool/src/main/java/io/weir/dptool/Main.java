// SPDX-License-Identifier: Apache-2.0
package io.weir.dptool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Command line: {@code java -jar weir-dp-tool.jar <command> ...}. Exit codes: 0 success, 1 failure (an I/O or
 * signing error, or a package that does not verify), 2 usage error.
 *
 * <pre>
 * build   --name N --version V [--out F] [--display-name T] [--description D]
 *         [--keystore K --alias A (--storepass-env VAR | --storepass P)] (bundle.jar | dir)...
 * sign    --keystore K --alias A (--storepass-env VAR | --storepass P) [--out F] file.dp
 * devkey  --keystore K [--alias A] [--storepass-env VAR | --storepass P] [--cert out.pem] [--keyalg EC|RSA]
 * inspect file.dp
 * </pre>
 */
public final class Main {

    /** Exit code of a successful command. */
    public static final int OK = 0;
    /** Exit code of a failed command. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar weir-dp-tool.jar <command> [options]
              build   --name N --version V [--out F] [--display-name T] [--description D]
                      [--keystore K.p12 --alias A (--storepass-env VAR | --storepass P)] (bundle.jar | dir)...
                      builds a deployment package (default file N_V.dp), signed if a keystore is given
              sign    --keystore K.p12 --alias A (--storepass-env VAR | --storepass P) [--out F] file.dp
                      signs a package (in place unless --out)
              devkey  --keystore K.p12 [--alias weir-dev] [--storepass-env VAR | --storepass P (default weir-dev)]
                      [--cert out.pem] [--keyalg EC|RSA]
                      creates a development signing key unless it exists, and writes its certificate as PEM
              inspect file.dp
                      prints the headers, the entries and their signers; exit 1 if the package does not verify
            """;

    private Main() {
    }

    /**
     * Entry point. Exits the JVM only with a non-zero exit code, so that it can also run inside a build tool's JVM
     * (exec-maven-plugin's {@code java} goal).
     */
    public static void main(String[] args) {
        int rc = run(args, System.out, System.err);
        if (rc != OK) {
            System.exit(rc);
        }
    }

    /** Runs a command; returns its exit code. Never exits the JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        try {
            return switch (args[0]) {
                case "build" -> build(o, out);
                case "sign" -> sign(o, out);
                case "devkey" -> devkey(o, out);
                case "inspect" -> inspect(o, out, err);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    private static int build(Options o, PrintStream out) throws IOException {
        o.allow("name", "version", "out", "display-name", "description", "keystore", "alias", "storepass-env",
                "storepass");
        String name = o.require("name");
        String version = o.require("version");
        if (o.files.isEmpty()) {
            throw new UsageException("build needs at least one bundle");
        }
        DpBuilder b = DpBuilder.create(name, version);
        if (o.has("display-name")) {
            b.displayName(o.get("display-name"));
        }
        if (o.has("description")) {
            b.description(o.get("description"));
        }
        for (String f : o.files) {
            for (Path p : bundleFiles(Path.of(f))) {
                b.bundle(p);
            }
        }
        DpSigner signer = o.has("keystore") ? signer(o) : null;
        Path target = Path.of(o.has("out") ? o.get("out") : name + "_" + version + ".dp");
        b.build(target);
        if (signer != null) {
            signer.sign(target);
        }
        out.println((signer != null ? "built and signed " : "built ") + target);
        return OK;
    }

    /** A bundle file, or every {@code *.jar} of a directory in file-name order (a feature build's bundle folder). */
    private static List<Path> bundleFiles(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new UsageException("no such bundle file or directory: " + p);
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> jars = s.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(f -> f.getFileName().toString())).toList();
            if (jars.isEmpty()) {
                throw new UsageException("no *.jar in " + p);
            }
            return jars;
        }
    }

    private static int sign(Options o, PrintStream out) throws IOException {
        o.allow("keystore", "alias", "storepass-env", "storepass", "out");
        if (o.files.size() != 1) {
            throw new UsageException("sign needs exactly one file");
        }
        Path in = Path.of(o.files.get(0));
        if (!Files.isRegularFile(in)) {
            throw new UsageException("no such file: " + in);
        }
        DpSigner signer = signer(o);
        Path target = o.has("out") ? Path.of(o.get("out")) : in;
        signer.sign(in, target);
        out.println("signed " + target);
        return OK;
    }

    private static DpSigner signer(Options o) throws IOException {
        Path ks = Path.of(o.require("keystore"));
        if (!Files.isRegularFile(ks)) {
            throw new UsageException("no such keystore: " + ks);
        }
        return DpSigner.fromKeystore(ks, o.require("alias"), o.password(null));
    }

    private static int devkey(Options o, PrintStream out) throws IOException {
        o.allow("keystore", "alias", "storepass-env", "storepass", "cert", "keyalg");
        if (!o.files.isEmpty()) {
            throw new UsageException("devkey takes no file arguments");
        }
        String alg = o.has("keyalg") ? o.get("keyalg") : "EC";
        DevKeys.KeyType type = switch (alg.toUpperCase(java.util.Locale.ROOT)) {
            case "EC" -> DevKeys.KeyType.EC_P256;
            case "RSA" -> DevKeys.KeyType.RSA_3072;
            default -> throw new UsageException("--keyalg must be EC or RSA");
        };
        DevKeys.Result r = DevKeys.ensure(Path.of(o.require("keystore")),
                o.has("alias") ? o.get("alias") : "weir-dev", o.password("weir-dev"),
                o.has("cert") ? Path.of(o.get("cert")) : null, type);
        out.println((r.created() ? "created " : "kept ") + r.keystore() + "; certificate " + r.certificatePem()
                + " (" + r.certificate().getSubjectX500Principal().getName() + ")");
        return OK;
    }

    private static int inspect(Options o, PrintStream out, PrintStream err) throws IOException {
        o.allow();
        if (o.files.size() != 1) {
            throw new UsageException("inspect needs exactly one file");
        }
        Path file = Path.of(o.files.get(0));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no such file: " + file);
        }
        boolean ok = true;
        try (InputStream raw = Files.newInputStream(file); JarInputStream in = new JarInputStream(raw, true)) {
            Manifest mf = in.getManifest();
            if (mf == null) {
                err.println("error: no manifest (META-INF/MANIFEST.MF must be the first or second entry)");
                return FAILED;
            }
            for (Map.Entry<Object, Object> h : mf.getMainAttributes().entrySet()) {
                out.println(h.getKey() + ": " + h.getValue());
            }
            if (mf.getMainAttributes().getValue(DpBuilder.DP_SYMBOLIC_NAME) == null
                    || mf.getMainAttributes().getValue(DpBuilder.DP_VERSION) == null) {
                err.println("error: not a deployment package: DeploymentPackage-SymbolicName/Version missing");
                ok = false;
            }
            Map<String, Attributes> sections = new HashMap<>(mf.getEntries());
            JarEntry e;
            byte[] buf = new byte[8192];
            while ((e = in.getNextJarEntry()) != null) {
                while (in.read(buf) >= 0) {
                    // read to the end so the signature is checked
                }
                if (e.isDirectory()) {
                    continue;
                }
                Attributes a = sections.remove(e.getName());
                String bsn = a == null ? null : a.getValue("Bundle-SymbolicName");
                CodeSigner[] signers = e.getCodeSigners();
                String signedBy = signers == null ? "UNSIGNED" : signedBy(signers);
                if (signers == null && !e.getName().startsWith("META-INF/")) {
                    ok = false;
                }
                out.println("  " + e.getName() + (bsn == null ? "" : "  [" + bsn + " " + a.getValue("Bundle-Version")
                        + "]") + "  " + e.getSize() + " bytes  " + signedBy);
            }
            for (String missing : sections.keySet()) {
                out.println("  " + missing + "  MISSING (named in the manifest, not in the file)");
            }
        } catch (SecurityException e) {
            err.println("error: signature check failed: " + e.getMessage());
            return FAILED;
        }
        out.println(ok ? "OK" : "NOT VERIFIED: unsigned entries or missing headers");
        return ok ? OK : FAILED;
    }

    private static String signedBy(CodeSigner[] signers) {
        List<String> names = new ArrayList<>();
        for (CodeSigner s : signers) {
            Certificate c = s.getSignerCertPath().getCertificates().get(0);
            names.add(c instanceof X509Certificate x ? x.getSubjectX500Principal().getName() : c.getType());
        }
        return "signed by " + String.join("; ", names);
    }

    /** A usage error: exit code 2 and the usage text. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parsed {@code --key value} options and the remaining file arguments. */
    static final class Options {
        final Map<String, String> values = new HashMap<>();
        final List<String> files = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.startsWith("--")) {
                    String key = a.substring(2);
                    String value;
                    int eq = key.indexOf('=');
                    if (eq >= 0) {
                        value = key.substring(eq + 1);
                        key = key.substring(0, eq);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("option --" + key + " needs a value");
                    }
                    if (o.values.put(key, value) != null) {
                        throw new UsageException("option --" + key + " given twice");
                    }
                } else {
                    o.files.add(a);
                }
            }
            return o;
        }

        void allow(String... keys) {
            List<String> allowed = List.of(keys);
            for (String k : values.keySet()) {
                if (!allowed.contains(k)) {
                    throw new UsageException("unknown option --" + k);
                }
            }
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        String get(String key) {
            return values.get(key);
        }

        String require(String key) {
            String v = values.get(key);
            if (v == null || v.isBlank()) {
                throw new UsageException("missing --" + key);
            }
            return v;
        }

        char[] password(String fallback) {
            if (has("storepass-env") && has("storepass")) {
                throw new UsageException("give either --storepass-env or --storepass, not both");
            }
            if (has("storepass-env")) {
                String v = System.getenv(get("storepass-env"));
                if (v == null) {
                    throw new UsageException("environment variable " + get("storepass-env") + " is not set");
                }
                return v.toCharArray();
            }
            if (has("storepass")) {
                return get("storepass").toCharArray();
            }
            if (fallback == null) {
                throw new UsageException("missing --storepass-env or --storepass");
            }
            return fallback.toCharArray();
        }
    }
}
