// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DEPLOY-V2 request metrics (spec §4.1 "What Kapua sends") and XML bodies, from hand-written examples. */
class DeployV2Test {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void downloadWithDefaultsIsWhatKapuaSends() {
        RawKuraPayload p = DownloadRequest.of(7L, "http://h/p.dp", "pkg", "1.0.0").toPayload();

        assertThat(p.metricList()).containsExactly(
                Metric.of("job.id", MetricType.INT64, 7L),
                Metric.of("dp.uri", MetricType.STRING, "http://h/p.dp"),
                Metric.of("dp.name", MetricType.STRING, "pkg"),
                Metric.of("dp.version", MetricType.STRING, "1.0.0"),
                Metric.of("dp.install.system.update", MetricType.BOOL, false),
                Metric.of("dp.download.protocol", MetricType.STRING, "HTTP"),
                Metric.of("dp.download.block.size", MetricType.INT32, 51200),
                Metric.of("dp.download.block.delay", MetricType.INT32, 0),
                Metric.of("dp.download.timeout", MetricType.INT32, 60000));
        assertThat(p.has("dp.download.notify.block.size")).isFalse(); // the quirk
        assertThat(p.body()).isNull();
        // and it survives the wire
        assertThat(RawKuraPayload.decode(p.encode())).isEqualTo(p);
    }

    @Test
    void downloadWithEveryOptionHasKapuasOrderAndTypes() {
        RawKuraPayload p = DownloadRequest.of(-3L, "https://h/s.sh", "upd", "2.0")
                .reboot(true).rebootDelay(500).credentials("u", "pw").hash("SHA-256:ab")
                .systemUpdate(true).install(false).force(true).blockSize(1024).blockDelay(5).timeout(4000)
                .notifyBlockSize(2048).verifierUri("https://h/v.sh").toPayload();

        assertThat(p.metricList()).extracting(Metric::name, Metric::typeName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("job.id", "INT64"),
                org.assertj.core.groups.Tuple.tuple("dp.reboot", "BOOL"),
                org.assertj.core.groups.Tuple.tuple("dp.reboot.delay", "INT32"),
                org.assertj.core.groups.Tuple.tuple("dp.uri", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.name", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.version", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.download.username", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.download.password", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.download.hash", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.install.system.update", "BOOL"),
                org.assertj.core.groups.Tuple.tuple("dp.download.protocol", "STRING"),
                org.assertj.core.groups.Tuple.tuple("dp.install", "BOOL"),
                org.assertj.core.groups.Tuple.tuple("dp.download.force", "BOOL"),
                org.assertj.core.groups.Tuple.tuple("dp.download.block.size", "INT32"),
                org.assertj.core.groups.Tuple.tuple("dp.download.block.delay", "INT32"),
                org.assertj.core.groups.Tuple.tuple("dp.download.timeout", "INT32"),
                org.assertj.core.groups.Tuple.tuple("dp.download.notify.block.size", "INT32"),
                org.assertj.core.groups.Tuple.tuple("dp.install.verifier.uri", "STRING"));
        assertThat(p.getInt64("job.id")).isEqualTo(-3L);
        assertThat(p.getBool("dp.install.system.update")).isTrue();
        assertThat(p.getBool("dp.install")).isFalse();
        assertThat(p.getInt32("dp.download.block.size")).isEqualTo(1024);
        assertThat(p.getInt32("dp.download.notify.block.size")).isEqualTo(2048);
        assertThat(p.getString("dp.download.password")).isEqualTo("pw");
    }

    @Test
    void installAndUninstallHaveKapuasMetricSets() {
        RawKuraPayload install = DeployV2.installPayload("pkg", "1.0.0", 9L, false, 0);
        assertThat(install.metricList()).containsExactly(
                Metric.of("job.id", MetricType.INT64, 9L),
                Metric.of("dp.reboot", MetricType.BOOL, false),
                Metric.of("dp.reboot.delay", MetricType.INT32, 0),
                Metric.of("dp.name", MetricType.STRING, "pkg"),
                Metric.of("dp.version", MetricType.STRING, "1.0.0"),
                Metric.of("dp.install.system.update", MetricType.BOOL, false));

        RawKuraPayload uninstall = DeployV2.uninstallPayload("pkg", "1.0.0", 10L, true, 100);
        assertThat(uninstall.metricList()).containsExactly(
                Metric.of("job.id", MetricType.INT64, 10L),
                Metric.of("dp.reboot", MetricType.BOOL, true),
                Metric.of("dp.reboot.delay", MetricType.INT32, 100),
                Metric.of("dp.name", MetricType.STRING, "pkg"),
                Metric.of("dp.version", MetricType.STRING, "1.0.0"));

        assertThat(DeployV2.uninstallPayload("pkg", null, 11L, null, null).metrics().keySet())
                .containsExactly("job.id", "dp.name");
    }

    @Test
    void parsesKuraStyleBundlesXml() {
        byte[] xml = utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <bundles>
                    <bundle>
                        <name>org.apache.felix.framework</name>
                        <version>7.0.5</version>
                        <id>0</id>
                        <state>ACTIVE</state>
                    </bundle>
                    <bundle>
                        <name>io.example.b</name>
                        <version>1.2.3.qualifier</version>
                        <id>42</id>
                        <state>RESOLVED</state>
                        <signed>false</signed>
                    </bundle>
                </bundles>
                """);

        assertThat(DeployV2.parseBundles(xml)).containsExactly(
                new DeployV2.Bundle("org.apache.felix.framework", "7.0.5", 0, "ACTIVE"),
                new DeployV2.Bundle("io.example.b", "1.2.3.qualifier", 42, "RESOLVED"));
        assertThat(DeployV2.parseBundles(utf8("<bundles/>"))).isEmpty();
    }

    @Test
    void parsesPackagesXml() {
        byte[] xml = utf8("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <packages>
                  <package>
                    <name>P</name><version>1.0.0</version>
                    <bundles>
                      <bundle><name>B</name><version>1.0.0</version></bundle>
                      <bundle><name>C</name><version>2.0.0</version></bundle>
                    </bundles>
                  </package>
                  <package><name>Q</name><version>0.1.0</version></package>
                </packages>
                """);

        assertThat(DeployV2.parsePackages(xml)).containsExactly(
                new DeployV2.DeploymentPackage("P", "1.0.0", List.of(new DeployV2.PackageBundle("B", "1.0.0"),
                        new DeployV2.PackageBundle("C", "2.0.0"))),
                new DeployV2.DeploymentPackage("Q", "0.1.0", List.of()));
    }

    @Test
    void badBodiesFailWithAReason() {
        assertThatThrownBy(() -> DeployV2.parseBundles(utf8("<bundles><bundle><name>x</name>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> DeployV2.parseBundles(utf8("<packages/>")))
                .hasMessageContaining("root element is <packages> (no namespace), expected <bundles>");
        assertThatThrownBy(() -> DeployV2.parseBundles(utf8("<b:bundles xmlns:b=\"urn:x\"/>")))
                .hasMessageContaining("in namespace urn:x");
        assertThatThrownBy(() -> DeployV2.parseBundles(utf8(
                "<bundles><bundle><name>x</name><version>1</version><id>seven</id><state>ACTIVE</state></bundle>"
                        + "</bundles>")))
                .hasMessageContaining("bundle #1 has a non-numeric <id> 'seven'");
        assertThatThrownBy(() -> DeployV2.parseBundles(utf8(
                "<bundles><bundle><name>x</name><version>1</version><id>1</id></bundle></bundles>")))
                .hasMessageContaining("bundle #1 has no <state>");
        assertThatThrownBy(() -> DeployV2.parsePackages(utf8(
                "<!DOCTYPE packages [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><packages>&x;</packages>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
    }
}
