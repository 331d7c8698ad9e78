// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import io.weir.inference.ElementType;
import io.weir.inference.TensorSpec;
import io.weir.model.testmodels.Identity;
import io.weir.model.testmodels.MixedTypes;

class ModelBundleTest {

    @Test
    void manifestHasExactlyTheCapabilityAndTheExtenderRequirement() throws IOException {
        BuiltModelBundle b = ModelBundle.builder("vibration-anomaly", "1.0.0").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build();

        Attributes main = manifest(b.jar()).getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("io.weir.model.vibration-anomaly");
        assertThat(main.getValue("Bundle-Version")).isEqualTo("1.0.0");
        assertThat(main.getValue("Bundle-ManifestVersion")).isEqualTo("2");

        Parameters caps = OSGiHeader.parseHeader(main.getValue("Provide-Capability"));
        assertThat(caps.keySet()).containsExactly("weir.model");
        Attrs cap = caps.get("weir.model");
        assertThat(cap.keySet()).containsExactlyInAnyOrder("weir.model", "version", "format", "file", "inputs",
                "outputs", "metadata");
        assertThat(cap.get("weir.model")).isEqualTo("vibration-anomaly");
        assertThat(cap.getType("version")).isEqualTo(Attrs.Type.VERSION);
        assertThat(cap.get("version")).isEqualTo("1.0.0");
        assertThat(cap.get("format")).isEqualTo("onnx");
        assertThat(cap.get("file")).isEqualTo("model/vibration-anomaly.onnx");
        assertThat(cap.getTyped(Attrs.LIST_STRING, "inputs")).containsExactly("input:FLOAT:-1x6");
        assertThat(cap.getTyped(Attrs.LIST_STRING, "outputs")).containsExactly("output:FLOAT:-1x2");
        assertThat(cap.get("metadata")).isEqualTo("model/metadata.properties");

        Parameters reqs = OSGiHeader.parseHeader(main.getValue("Require-Capability"));
        assertThat(reqs.keySet()).containsExactly("osgi.extender");
        assertThat(reqs.get("osgi.extender")).containsExactly(
                Map.entry("filter:", "(&(osgi.extender=weir.model)(version>=1.0)(!(version>=2.0)))"));

        assertThat(main.keySet().stream().map(Object::toString)).containsExactlyInAnyOrder("Manifest-Version",
                "Bundle-ManifestVersion", "Bundle-SymbolicName", "Bundle-Version", "Provide-Capability",
                "Require-Capability");
    }

    @Test
    void jarHoldsTheModelAndTheSortedMetadataAndNothingElse() throws IOException {
        BuiltModelBundle b = ModelBundle.builder("vibration-anomaly", "1.0.0").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build();

        Map<String, byte[]> entries = entries(b.jar());
        assertThat(entries.keySet()).containsExactly("META-INF/MANIFEST.MF", "model/metadata.properties",
                "model/vibration-anomaly.onnx");
        assertThat(entries.get("model/vibration-anomaly.onnx")).isEqualTo(Models.CLASSIFIER);
        String properties = new String(entries.get("model/metadata.properties"), StandardCharsets.UTF_8);
        assertThat(properties).startsWith("input.features=rms,peak,crest,kurtosis,skew,mean\ninput.mean=")
                .contains("note=free text: é, = and # kept\n").doesNotContain("#2").endsWith("training.fingerprint=sha256:00ff\n");
        assertThat(properties.lines().map(l -> l.substring(0, l.indexOf('='))).toList()).isSorted()
                .hasSize(Models.metadata().size());
    }

    @Test
    void sameInputsGiveByteIdenticalJars(@TempDir Path dir) throws IOException {
        Map<String, String> reversed = new LinkedHashMap<>();
        List<Map.Entry<String, String>> entries = new ArrayList<>(Models.metadata().entrySet());
        java.util.Collections.reverse(entries);
        entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
        Files.write(dir.resolve("m.onnx"), Models.CLASSIFIER);

        byte[] first = ModelBundle.builder("vibration-anomaly", "1.0.0").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build().jar();
        byte[] second = ModelBundle.builder("vibration-anomaly", "1.0.0").onnx(dir.resolve("m.onnx"))
                .metadata(reversed).build().jar();

        assertThat(second).isEqualTo(first);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(first))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertThat(e.getLastModifiedTime().toInstant()).as(e.getName())
                        .isEqualTo(java.time.Instant.parse("1980-02-01T00:00:00Z"));
            }
        }
        assertThat(ModelBundle.builder("vibration-anomaly", "1.0.1").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build().jar()).isNotEqualTo(first);
    }

    @Test
    void describesEveryInputAndOutputInModelOrder() throws IOException {
        BuiltModelBundle b = ModelBundle.builder("mixed", "2.1.0.beta").onnx(MixedTypes.model()).build();

        assertThat(b.info().descriptor().inputs()).extracting(TensorSpec::format)
                .containsExactly("a:FLOAT:-1x3", "b:INT64:-1x1", "c:DOUBLE:2x2");
        assertThat(b.info().descriptor().outputs()).extracting(TensorSpec::format)
                .containsExactly("a_sum:FLOAT:-1x1", "b_plus_one:INT64:-1x1", "c_transposed:DOUBLE:2x2",
                        "a_positive:BOOL:-1x3");
        Attrs cap = OSGiHeader.parseHeader(manifest(b.jar()).getMainAttributes().getValue("Provide-Capability"))
                .get("weir.model");
        assertThat(cap.getTyped(Attrs.LIST_STRING, "inputs"))
                .containsExactly("a:FLOAT:-1x3", "b:INT64:-1x1", "c:DOUBLE:2x2");
        assertThat(cap.get("version")).isEqualTo("2.1.0.beta");
    }

    @Test
    void everySupportedElementTypeScalarsAndSymbolicDimensions() {
        for (ElementType type : ElementType.values()) {
            BuiltModelBundle b = ModelBundle.builder("id", "1.0").onnx(Identity.model("in:0", "out:0", type,
                    new long[] {-1, 4, -1})).build();
            assertThat(b.info().descriptor().inputs())
                    .containsExactly(new TensorSpec("in:0", type, new long[] {-1, 4, -1}));
        }
        BuiltModelBundle scalar = ModelBundle.builder("scalar", "1.0").onnx(Identity.model(ElementType.STRING,
                new long[0])).build();
        assertThat(scalar.info().descriptor().outputs()).extracting(TensorSpec::format).containsExactly("output:STRING:");
    }

    @Test
    void withoutMetadataThereIsNoMetadataFileOrAttribute() throws IOException {
        BuiltModelBundle b = ModelBundle.builder("plain", "1.0.0").onnx(Models.CLASSIFIER).build();

        assertThat(b.info().metadataFile()).isNull();
        assertThat(entries(b.jar())).containsOnlyKeys("META-INF/MANIFEST.MF", "model/plain.onnx");
        assertThat(OSGiHeader.parseHeader(manifest(b.jar()).getMainAttributes().getValue("Provide-Capability"))
                .get("weir.model")).doesNotContainKey("metadata");
    }

    @Test
    void symbolicNameBundleNameAndDescriptionCanBeSet() throws IOException {
        BuiltModelBundle b = ModelBundle.builder("plain", "1.0.0").onnx(Models.CLASSIFIER)
                .symbolicName("com.acme.models.plain").bundleName("ACME plain model")
                .description("Plain: a test; with \"quotes\", commas").build();

        Attributes main = manifest(b.jar()).getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("com.acme.models.plain");
        assertThat(main.getValue("Bundle-Name")).isEqualTo("ACME plain model");
        assertThat(main.getValue("Bundle-Description")).isEqualTo("Plain: a test; with \"quotes\", commas");
        assertThat(b.info().symbolicName()).isEqualTo("com.acme.models.plain");
    }

    @Test
    void refusesBadNamesAndVersions() {
        assertThatIllegalArgumentException().isThrownBy(() -> ModelBundle.builder("Vibration", "1.0.0"))
                .withMessageContaining("model name 'Vibration'");
        assertThatIllegalArgumentException().isThrownBy(() -> ModelBundle.builder("a/b", "1.0.0"))
                .withMessageContaining("model name 'a/b'");
        assertThatIllegalArgumentException().isThrownBy(() -> ModelBundle.builder("ok", "1.0.0-SNAPSHOT"))
                .withMessageContaining("model version '1.0.0-SNAPSHOT' is not an OSGi version");
        assertThatIllegalArgumentException().isThrownBy(() -> ModelBundle.builder("ok", "1").symbolicName("a b"))
                .withMessageContaining("'a b'");
        assertThatThrownBy(() -> ModelBundle.builder("ok", "1").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no ONNX model");
    }

    static Manifest manifest(byte[] jar) throws IOException {
        return new Manifest(new ByteArrayInputStream(entries(jar).get("META-INF/MANIFEST.MF")));
    }

    /** Every file entry in jar order. */
    static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), zip.readAllBytes());
                }
            }
        }
        return out;
    }
}
