// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.weir.cloud.app.deploy.internal.InventoryJson.BundleEntry;
import io.weir.cloud.app.deploy.internal.InventoryJson.BundleSelector;
import io.weir.cloud.app.deploy.internal.InventoryJson.Item;
import io.weir.deployment.PackageInfo;
import io.weir.deployment.PackageInfo.BundleInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;

class InventoryJsonTest {

    private final InventoryJson json = new InventoryJson();

    private static JsonObject read(byte[] body) {
        return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
    }

    @Test
    void inventoryIsSortedByName() {
        JsonObject o = read(json.inventory(List.of(new Item("zlib1g", "1.2", "DEB"),
                new Item("io.weir.health", "0.1.0", "BUNDLE"), new Item("bash", "5.2", "DEB"),
                new Item("weir.modbus", "1.0.0", "DP"))));
        assertThat(o.keySet()).containsExactly("inventory");
        assertThat(o.getJsonArray("inventory").getValuesAs(JsonObject.class).stream()
                .map(i -> i.getString("name") + "/" + i.getString("version") + "/" + i.getString("type")))
                .containsExactly("bash/5.2/DEB", "io.weir.health/0.1.0/BUNDLE", "weir.modbus/1.0.0/DP",
                        "zlib1g/1.2/DEB");
    }

    @Test
    void bundlesShape() {
        JsonObject o = read(json.bundles(List.of(new BundleEntry("org.apache.felix.framework", "7.0.5", 0,
                "ACTIVE", false), new BundleEntry("signed.one", "1.0.0", 9, "RESOLVED", true))));
        assertThat(o.keySet()).containsExactly("bundles");
        JsonObject b = o.getJsonArray("bundles").getJsonObject(1);
        assertThat(b.keySet()).containsExactly("name", "version", "id", "state", "signed");
        assertThat(b.getString("name")).isEqualTo("signed.one");
        assertThat(b.getJsonNumber("id").longValueExact()).isEqualTo(9L);
        assertThat(b.getString("state")).isEqualTo("RESOLVED");
        assertThat(b.getBoolean("signed")).isTrue();
    }

    @Test
    void deploymentPackagesShape() {
        JsonObject o = read(json.deploymentPackages(List.of(new PackageInfo("weir.modbus", "1.0.0", true,
                List.of(new BundleInfo("io.weir.driver.modbus", "1.0.0", 21, "ACTIVE"),
                        new BundleInfo("gone", "1.0.0", -1, "UNINSTALLED")))),
                id -> id == 21));
        JsonObject p = o.getJsonArray("deploymentPackages").getJsonObject(0);
        assertThat(p.keySet()).containsExactly("name", "version", "signed", "bundles");
        assertThat(p.getBoolean("signed")).isTrue();
        JsonObject b0 = p.getJsonArray("bundles").getJsonObject(0);
        assertThat(b0.keySet()).containsExactly("name", "version", "id", "state", "signed");
        assertThat(b0.getBoolean("signed")).isTrue();
        assertThat(b0.getJsonNumber("id").longValue()).isEqualTo(21L);
        JsonObject b1 = p.getJsonArray("bundles").getJsonObject(1);
        assertThat(b1.getBoolean("signed")).isFalse();
        assertThat(b1.getString("state")).isEqualTo("UNINSTALLED");
    }

    @Test
    void systemPackagesShape() {
        JsonObject o = read(json.systemPackages(List.of(new DpkgStatus.SystemPackage("bash", "5.2", "DEB"))));
        JsonObject p = o.getJsonArray("systemPackages").getJsonObject(0);
        assertThat(p.keySet()).containsExactly("name", "version", "type");
        assertThat(p.getString("type")).isEqualTo("DEB");
    }

    @Test
    void selectorAcceptsWhatKapuaSends() throws Exception {
        assertThat(json.selector("{\"name\":\"io.weir.x\",\"version\":\"1.0.0\",\"id\":12,\"state\":\"ACTIVE\",\"signed\":false}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(new BundleSelector("io.weir.x", "1.0.0"));
        assertThat(json.selector("{\"name\":\"io.weir.x\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new BundleSelector("io.weir.x", null));
        assertThat(json.selector("{\"name\":\"io.weir.x\",\"version\":null}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new BundleSelector("io.weir.x", null));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "not json", "[]", "{}", "{\"name\":\"\"}", "{\"name\":12}",
            "{\"name\":\"a\",\"version\":1}", "{\"name\":\"a\"" })
    void badSelectorsAreBadRequests(String body) {
        assertThatThrownBy(() -> json.selector(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void noBodyIsABadRequest() {
        assertThatThrownBy(() -> json.selector(null)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("\"name\"");
    }
}
