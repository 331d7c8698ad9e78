// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.model.testmodels.BadModels;

class MainTest {

    @TempDir
    Path dir;
    private Path onnx;
    private Path metadata;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws IOException {
        onnx = Files.write(dir.resolve("vibration-anomaly.onnx"), Models.CLASSIFIER);
        metadata = Files.write(dir.resolve("metadata.properties"), MetadataFile.write(new TreeMap<>(Models.metadata())));
    }

    @Test
    void buildWritesTheBundleAndExtractsItAndInspectReadsItBack() throws IOException {
        Path jar = dir.resolve("out/model.jar");
        Path classes = dir.resolve("classes");

        int rc = run("build", "--name", "vibration-anomaly", "--version", "1.0.0-SNAPSHOT", "--onnx", onnx.toString(),
                "--metadata", metadata.toString(), "--input", "input:FLOAT:-1x6", "--out", jar.toString(),
                "--extract-to", classes.toString());

        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("built model bundle io.weir.model.vibration-anomaly 1.0.0.SNAPSHOT",
                "inputs     input:FLOAT:-1x6", "outputs    output:FLOAT:-1x2",
                "metadata   14 entries in model/metadata.properties", "wrote      " + jar, "extracted  to " + classes);
        ModelBundleInfo info = ModelBundles.inspect(jar);
        assertThat(info.descriptor().version()).hasToString("1.0.0.SNAPSHOT");
        assertThat(info.descriptor().metadata()).isEqualTo(Models.metadata());
        assertThat(classes.resolve("META-INF/MANIFEST.MF")).exists();

        out.reset();
        assertThat(run("inspect", jar.toString())).isZero();
        assertThat(out.toString()).startsWith("io.weir.model.vibration-anomaly 1.0.0.SNAPSHOT (vibration-anomaly, onnx)")
                .contains("  model      vibration-anomaly 1.0.0.SNAPSHOT, format onnx, file model/vibration-anomaly.onnx",
                        "    output.score.index=1");

        out.reset();
        assertThat(run("inspect", "--summary", jar.toString())).isZero();
        assertThat(out.toString()).contains("metadata   14 entries in model/metadata.properties")
                .doesNotContain("output.score.index=1");
    }

    @Test
    void theSameCommandGivesTheSameBytes() throws IOException {
        for (String name : new String[] {"a.jar", "b.jar"}) {
            assertThat(run("build", "--name", "m", "--version", "2.0.0", "--onnx", onnx.toString(), "--metadata",
                    metadata.toString(), "--out", dir.resolve(name).toString())).isZero();
        }
        assertThat(dir.resolve("a.jar")).hasSameBinaryContentAs(dir.resolve("b.jar"));
    }

    @Test
    void failuresExitOneWithTheError() throws IOException {
        Path bad = Files.write(dir.resolve("bad.onnx"), BadModels.garbage());
        assertThat(run("build", "--name", "m", "--version", "1.0.0", "--onnx", bad.toString(), "--out",
                dir.resolve("x.jar").toString())).isEqualTo(Main.FAILED);
        assertThat(err.toString()).startsWith("error: ONNX file " + bad + " is not a loadable ONNX model");
        assertThat(dir.resolve("x.jar")).doesNotExist();

        err.reset();
        Path props = Files.writeString(dir.resolve("m.properties"), "input.features=a,b\n");
        assertThat(run("build", "--name", "m", "--version", "1.0.0", "--onnx", onnx.toString(), "--metadata",
                props.toString(), "--out", dir.resolve("x.jar").toString())).isEqualTo(Main.FAILED);
        assertThat(err.toString()).startsWith("error: metadata input.features: 2 features, but input 'input'");

        err.reset();
        assertThat(run("inspect", onnx.toString())).isEqualTo(Main.FAILED);
        assertThat(err.toString()).startsWith("error: " + onnx + ": not a jar file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(Main.USAGE);
        assertThat(run("build", "--name", "m", "--version", "1", "--onnx", onnx.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("error: build needs --out or --extract-to", "usage:");
        assertThat(run("build", "--name", "m", "--onnx", onnx.toString(), "--out", "x.jar")).isEqualTo(Main.USAGE);
        assertThat(run("build", "--name", "m", "--version", "1", "--onnx", "nope.onnx", "--out", "x.jar"))
                .isEqualTo(Main.USAGE);
        assertThat(run("build", "--bogus", "x")).isEqualTo(Main.USAGE);
        assertThat(run("inspect")).isEqualTo(Main.USAGE);
        assertThat(run("frobnicate")).isEqualTo(Main.USAGE);
        assertThat(run("--help")).isEqualTo(Main.OK);
    }

    @Test
    void mavenVersionsBecomeOsgiVersions() {
        assertThat(Map.of("1.0.0-SNAPSHOT", Main.osgiVersion("1.0.0-SNAPSHOT"), "1.2", Main.osgiVersion("1.2"),
                "2.0.0.beta", Main.osgiVersion("2.0.0.beta"), "3.1-rc-1", Main.osgiVersion("3.1-rc-1"),
                "latest", Main.osgiVersion("latest")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("1.0.0-SNAPSHOT", "1.0.0.SNAPSHOT", "1.2", "1.2.0",
                        "2.0.0.beta", "2.0.0.beta", "3.1-rc-1", "3.1.0.rc-1", "latest", "latest"));
    }

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
