// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/** A real framework (Felix) installs a built bundle and reads the capability with the attribute types the engine expects. */
class FrameworkTest {

    @Test
    void felixReadsTypedCapabilityAttributesAndTheExtenderRequirement(@TempDir Path storage) throws Exception {
        byte[] jar = ModelBundle.builder("vibration-anomaly", "1.2.3").onnx(Models.CLASSIFIER)
                .metadata(Models.metadata()).build().jar();
        Framework framework = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE,
                storage.toString(), Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.init();
        try {
            Bundle bundle = framework.getBundleContext().installBundle("model", new ByteArrayInputStream(jar));
            BundleRevision revision = bundle.adapt(BundleRevision.class);

            assertThat(bundle.getSymbolicName()).isEqualTo("io.weir.model.vibration-anomaly");
            assertThat(bundle.getVersion()).isEqualTo(new Version(1, 2, 3));
            List<BundleCapability> caps = revision.getDeclaredCapabilities("weir.model");
            assertThat(caps).hasSize(1);
            Map<String, Object> attrs = caps.get(0).getAttributes();
            assertThat(attrs).containsEntry("weir.model", "vibration-anomaly")
                    .containsEntry("version", new Version(1, 2, 3))
                    .containsEntry("format", "onnx")
                    .containsEntry("file", "model/vibration-anomaly.onnx")
                    .containsEntry("inputs", List.of("input:FLOAT:-1x6"))
                    .containsEntry("outputs", List.of("output:FLOAT:-1x2"))
                    .containsEntry("metadata", "model/metadata.properties");
            assertThat(bundle.getEntry("model/vibration-anomaly.onnx")).isNotNull();
            List<BundleRequirement> reqs = revision.getDeclaredRequirements("osgi.extender");
            assertThat(reqs).hasSize(1);
            assertThat(reqs.get(0).getDirectives()).containsEntry("filter",
                    "(&(osgi.extender=weir.model)(version>=1.0)(!(version>=2.0)))");
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
