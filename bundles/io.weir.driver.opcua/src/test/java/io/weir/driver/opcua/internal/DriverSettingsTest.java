// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;

class DriverSettingsTest {

    /**
     * @param values attribute method name → value; every other attribute has its metatype default
     * @return a configuration as DS would pass it
     */
    static OpcUaDriverConfig config(Object... values) {
        Map<String, Object> v = new HashMap<>();
        v.put("weir_driver_name", "plc");
        v.put("endpointUrl", "opc.tcp://10.0.0.5:4840/server");
        for (int i = 0; i < values.length; i += 2) {
            v.put((String) values[i], values[i + 1]);
        }
        return (OpcUaDriverConfig) Proxy.newProxyInstance(OpcUaDriverConfig.class.getClassLoader(),
                new Class<?>[] { OpcUaDriverConfig.class }, (proxy, method, args) -> {
                    if (v.containsKey(method.getName())) {
                        return v.get(method.getName());
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new IllegalStateException("no value for " + method.getName());
                    }
                    return d;
                });
    }

    private static void invalid(OpcUaDriverConfig c, String attribute, String problem) {
        assertThatThrownBy(() -> DriverSettings.from(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.driver.opcua: " + attribute).hasMessageContaining(problem);
    }

    @Test
    void metatypeDefaultsGiveAnAnonymousUnsecuredConnection() {
        DriverSettings s = DriverSettings.from(config());

        assertThat(s.name()).isEqualTo("plc");
        assertThat(s.securityPolicy()).isEqualTo(SecurityPolicy.None);
        assertThat(s.securityMode()).isEqualTo(MessageSecurityMode.None);
        assertThat(s.secured()).isFalse();
        assertThat(s.username()).isEmpty();
        assertThat(s.keyStore()).isNull();
        assertThat(s.trustListDirectory()).isNull();
        assertThat(s.acceptUntrusted()).isFalse();
        assertThat(s.connectTimeoutMs()).isEqualTo(5000);
        assertThat(s.requestTimeoutMs()).isEqualTo(5000);
        assertThat(s.publishingIntervalMs()).isEqualTo(1000);
        assertThat(s.backoffMinMs()).isEqualTo(1000);
        assertThat(s.backoffMaxMs()).isEqualTo(60000);
        assertThat(s.defaultApplicationUri()).isEqualTo("urn:weir:opcua-client:plc");
    }

    @Test
    void acceptsTheSecuredCombinationsCaseInsensitively() {
        DriverSettings s = DriverSettings.from(config("securityPolicy", "basic256sha256", "messageSecurityMode",
                "SIGNANDENCRYPT", "keyStorePath", "/etc/weir/opcua.p12", "trustListDirectory", " /etc/weir/pki ",
                "username", "operator", "_password", "pw"));

        assertThat(s.securityPolicy()).isEqualTo(SecurityPolicy.Basic256Sha256);
        assertThat(s.securityMode()).isEqualTo(MessageSecurityMode.SignAndEncrypt);
        assertThat(s.secured()).isTrue();
        assertThat(s.keyStore()).isEqualTo(Path.of("/etc/weir/opcua.p12"));
        assertThat(s.trustListDirectory()).isEqualTo(Path.of("/etc/weir/pki"));
        assertThat(DriverSettings.from(config("securityPolicy", "Basic256Sha256", "messageSecurityMode", "Sign"))
                .securityMode()).isEqualTo(MessageSecurityMode.Sign);
    }

    @Test
    void rejectsInvalidValuesNamingPidAndAttribute() {
        invalid(config("weir_driver_name", " "), "weir.driver.name", "empty");
        invalid(config("endpointUrl", ""), "endpointUrl", "empty");
        invalid(config("endpointUrl", "http://host:4840"), "endpointUrl", "opc.tcp://");
        invalid(config("endpointUrl", "opc.tcp://"), "endpointUrl", "");
        invalid(config("endpointUrl", "opc.tcp://host name/"), "endpointUrl", "not a URL");
        invalid(config("securityPolicy", "Basic128Rsa15"), "securityPolicy", "not supported");
        invalid(config("messageSecurityMode", "Encrypt"), "messageSecurityMode", "not one of");
        invalid(config("securityPolicy", "Basic256Sha256"), "messageSecurityMode", "does not go with");
        invalid(config("messageSecurityMode", "Sign"), "messageSecurityMode", "does not go with");
        invalid(config("_password", "secret"), "username", "no user name");
        invalid(config("requestTimeoutMs", 5L), "requestTimeoutMs", "below the minimum 100");
        invalid(config("connectTimeoutMs", 0L), "connectTimeoutMs", "below");
        invalid(config("publishingIntervalMs", 1L), "publishingIntervalMs", "below");
        invalid(config("reconnectBackoffMinMs", 5000L, "reconnectBackoffMaxMs", 1000L), "reconnectBackoffMaxMs",
                "below reconnectBackoffMinMs");
    }

    @Test
    void toStringNeverShowsSecrets() {
        DriverSettings s = DriverSettings.from(config("username", "operator", "_password", "hunter2",
                "_keyStorePassword", "storepass"));

        assertThat(s.toString()).contains("plc", "opc.tcp://10.0.0.5:4840/server", "operator")
                .doesNotContain("hunter2").doesNotContain("storepass");
    }

    @Test
    void fileSafeNamesCannotEscapeTheDataArea() {
        assertThat(DriverSettings.from(config("weir_driver_name", "../../etc/passwd")).fileSafeName())
                .isEqualTo("_._.._etc_passwd");
        assertThat(DriverSettings.from(config("weir_driver_name", "line 1/plc#2")).fileSafeName())
                .isEqualTo("line_1_plc_2");
    }
}
