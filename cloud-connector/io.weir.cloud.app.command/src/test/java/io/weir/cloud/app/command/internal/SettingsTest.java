// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    /** A configuration with the metatype defaults, except for the given values (keyed by method name). */
    private static CommandConfig config(Map<String, Object> values) {
        return (CommandConfig) Proxy.newProxyInstance(CommandConfig.class.getClassLoader(),
                new Class<?>[] { CommandConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return CommandConfig.class;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }

    @Test
    void defaultsAreSafe() {
        Settings s = Settings.from(config(Map.of()), Path.of("/var/weir"));
        assertThat(s.enabled()).isFalse();
        assertThat(s.allowlist().isEmpty()).isTrue();
        assertThat(s.defaultTimeoutSeconds()).isEqualTo(60);
        assertThat(s.maxTimeoutSeconds()).isEqualTo(3600);
        assertThat(s.outputMaxBytes()).isEqualTo(65536);
        assertThat(s.workingDirectory()).isNull();
        assertThat(s.workRoot()).isEqualTo(Path.of("/var/weir/command/work"));
        assertThat(s.inheritEnvironment()).isFalse();
        assertThat(s.password()).isEmpty();
        assertThat(s.maxConcurrent()).isEqualTo(2);
    }

    @Test
    void invalidValuesNameThePidAndTheAttribute() {
        assertThatThrownBy(() -> Settings.from(config(Map.of("timeout_default_seconds", 100,
                "timeout_max_seconds", 10)), Path.of("/d"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CommandApp.PID).hasMessageContaining("timeout.max.seconds");
        assertThatThrownBy(() -> Settings.from(config(Map.of("allowlist", new String[] { "bin/x" })), Path.of("/d")))
                .hasMessageContaining("bin/x");
        assertThatThrownBy(() -> Settings.from(config(Map.of("working_directory", "relative")), Path.of("/d")))
                .hasMessageContaining("working.directory");
        assertThatThrownBy(() -> Settings.from(config(Map.of("max_concurrent", 0)), Path.of("/d")))
                .hasMessageContaining("max.concurrent");
        assertThatThrownBy(() -> Settings.from(config(Map.of("output_max_bytes", 0)), Path.of("/d")))
                .hasMessageContaining("output.max.bytes");
    }

    @Test
    void thePasswordIsNeverShown() {
        Settings s = Settings.from(config(Map.of("_password", "hunter2", "allowlist", new String[] { "echo" })),
                Path.of("/d"));
        assertThat(s.password()).isEqualTo("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2").contains("password=set").contains("echo");
    }
}
