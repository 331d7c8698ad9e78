// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.weir.model.testmodels.BadModels;
import io.weir.model.testmodels.MixedTypes;

class ModelBundlesTest {

    private static final String EXTENDER = "osgi.extender;filter:=\"(&(osgi.extender=weir.model)(version>=1.0)"
            + "(!(version>=2.0)))\"";

    @Test
    void inspectReturnsWhatWasBuilt(@TempDir Path dir) throws IOException {
        BuiltModelBundle built = ModelBundle.builder("vibration-anomaly", "1.0.0").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build();
        Path jar = built.writeTo(dir.resolve("sub/model.jar"));

        ModelBundleInfo info = ModelBundles.inspect(jar);

        assertThat(info).isEqualTo(built.info());
        assertThat(info.descriptor().metadata()).isEqualTo(Models.metadata());
        assertThat(info.modelFile()).isEqualTo("model/vibration-anomaly.onnx");
        assertThat(Files.list(dir.resolve("sub"))).containsExactly(jar);
    }

    @Test
    void inspectRoundTripsEveryShapeAndTypeAndNoMetadata() {
        BuiltModelBundle built = ModelBundle.builder("mixed", "0.1.0.rc1").symbolicName("x.y")
                .onnx(MixedTypes.model()).build();

        assertThat(ModelBundles.inspect(built.jar())).isEqualTo(built.info());
        assertThat(ModelBundles.inspect(built.jar()).metadataFile()).isNull();
    }

    @Test
    void extractToWritesEveryEntryWithTheManifestAndDropsEarlierModels(@TempDir Path dir) throws IOException {
        BuiltModelBundle built = ModelBundle.builder("vibration-anomaly", "1.0.0").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build();
        Files.createDirectories(dir.resolve("model/old"));
        Files.write(dir.resolve("model/old/renamed.onnx"), new byte[1]);
        Files.write(dir.resolve("keep.txt"), new byte[1]);

        built.extractTo(dir);

        assertThat(dir.resolve("model/old")).doesNotExist();
        assertThat(dir.resolve("keep.txt")).exists();

        assertThat(dir.resolve("META-INF/MANIFEST.MF")).hasBinaryContent(
                ModelBundleTest.entries(built.jar()).get("META-INF/MANIFEST.MF"));
        assertThat(dir.resolve("model/vibration-anomaly.onnx")).hasBinaryContent(Models.CLASSIFIER);
        assertThat(dir.resolve("model/metadata.properties")).exists();
    }

    @Test
    void refusesWhatIsNotAWellFormedModelBundle() throws IOException {
        assertThatIllegalArgumentException().isThrownBy(() -> ModelBundles.inspect(BadModels.garbage()))
                .withMessage("jar: not a jar file (no entries)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a"), Map.of())))
                .withMessage("jar is not a model bundle: no weir.model capability");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Provide-Capability", "weir.model;weir.model=m"),
                        Map.of())))
                .withMessageContaining("no Bundle-SymbolicName");
        String cap = "weir.model;weir.model=m;version:Version=1.0.0;format=onnx;file=\"model/m.onnx\";"
                + "inputs:List<String>=\"input:FLOAT:-1x6\";outputs:List<String>=\"output:FLOAT:-1x2\"";
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a",
                        "Provide-Capability", cap, "Require-Capability", EXTENDER), Map.of())))
                .withMessage("jar: the model file model/m.onnx is not in the bundle");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a",
                        "Provide-Capability", cap), Map.of("model/m.onnx", Models.CLASSIFIER))))
                .withMessageContaining("does not require the osgi.extender weir.model");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a",
                        "Provide-Capability", cap.replace("version:Version", "version"), "Require-Capability",
                        EXTENDER), Map.of("model/m.onnx", Models.CLASSIFIER))))
                .withMessageContaining("attribute version must be typed :Version");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a",
                        "Provide-Capability", cap.replace("FLOAT:-1x6", "FLOAT:-1y6"), "Require-Capability",
                        EXTENDER), Map.of("model/m.onnx", Models.CLASSIFIER))))
                .withMessageContaining("attribute inputs: tensor spec 'input:FLOAT:-1y6'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a",
                        "Provide-Capability", cap + ";metadata=m.properties", "Require-Capability", EXTENDER),
                        Map.of("model/m.onnx", Models.CLASSIFIER, "m.properties", new byte[] {(byte) 0xFF}))))
                .withMessageContaining("m.properties is not UTF-8");
        assertThat(ModelBundles.inspect(jar(Map.of("Bundle-SymbolicName", "a;singleton:=true",
                "Provide-Capability", cap, "Require-Capability", EXTENDER), Map.of("model/m.onnx", Models.CLASSIFIER)))
                .symbolicName()).isEqualTo("a");
    }

    /** A jar with the given main manifest headers and entries, written with the JDK only. */
    static byte[] jar(Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new ZipEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
