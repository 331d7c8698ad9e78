// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.weir.data.TypedValue;

class PackageOptionsTest {

    /** What Kapua sends for EXEC/install. */
    private static Payloads kapuaInstall() {
        return Payloads.with().put("job.id", TypedValue.ofLong(7L)).put("dp.reboot", TypedValue.ofBoolean(false))
                .put("dp.reboot.delay", TypedValue.ofInteger(0)).put("dp.name", TypedValue.ofString("demo"))
                .put("dp.version", TypedValue.ofString("1.0.0"))
                .put("dp.install.system.update", TypedValue.ofBoolean(false));
    }

    /** What Kapua sends for EXEC/uninstall. */
    private static Payloads kapuaUninstall() {
        return Payloads.with().put("job.id", TypedValue.ofLong(8L)).put("dp.reboot", TypedValue.ofBoolean(true))
                .put("dp.reboot.delay", TypedValue.ofInteger(5000)).put("dp.name", TypedValue.ofString("demo"))
                .put("dp.version", TypedValue.ofString("1.0.0"));
    }

    @Test
    void parsesKapuasInstall() throws Exception {
        PackageOptions o = PackageOptions.parseInstall(kapuaInstall().build());
        assertThat(o).isEqualTo(new PackageOptions(7L, "demo", "1.0.0", false, 0));
        assertThat(o.toInstall("req").version()).isEqualTo("1.0.0");
    }

    @ParameterizedTest
    @CsvSource({ "job.id,INT64", "dp.name,STRING", "dp.version,STRING", "dp.install.system.update,BOOL" })
    void installNeedsEachRequiredMetric(String metric, String type) {
        assertThatThrownBy(() -> PackageOptions.parseInstall(kapuaInstall().remove(metric).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("metric " + metric + " (" + type + ") is required");
    }

    @Test
    void installRefusesASystemUpdate() {
        assertThatThrownBy(() -> PackageOptions.parseInstall(
                kapuaInstall().put("dp.install.system.update", TypedValue.ofBoolean(true)).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("refused");
    }

    @Test
    void parsesKapuasUninstallWithItsRebootRequest() throws Exception {
        PackageOptions o = PackageOptions.parseUninstall(kapuaUninstall().build());
        assertThat(o).isEqualTo(new PackageOptions(8L, "demo", "1.0.0", true, 5000));
        assertThat(o.toUninstall("req").version()).isEqualTo("1.0.0");
    }

    @Test
    void uninstallVersionIsOptional() throws Exception {
        PackageOptions o = PackageOptions.parseUninstall(kapuaUninstall().remove("dp.version").build());
        assertThat(o.version()).isNull();
        assertThat(o.toUninstall("req").version()).isNull();
    }

    @ParameterizedTest
    @CsvSource({ "job.id,INT64", "dp.name,STRING" })
    void uninstallNeedsJobIdAndName(String metric, String type) {
        assertThatThrownBy(() -> PackageOptions.parseUninstall(kapuaUninstall().remove(metric).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("metric " + metric + " (" + type + ") is required");
    }

    @Test
    void jobIdAsInt32IsRefused() {
        assertThatThrownBy(() -> PackageOptions.parseUninstall(
                kapuaUninstall().put("job.id", TypedValue.ofInteger(8)).build()))
                .isInstanceOf(BadRequestException.class).hasMessage("metric job.id must be INT64, was INT32");
    }
}
