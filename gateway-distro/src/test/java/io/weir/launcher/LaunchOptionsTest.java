// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaults() {
        LaunchOptions o = LaunchOptions.parse(new String[0], Map.of(), new Properties());
        assertThat(o.dataDir).isEqualTo(Path.of("weir-data").toAbsolutePath());
        assertThat(o.httpPort).isEqualTo(8080);
        assertThat(o.httpHost).isEqualTo("0.0.0.0");
        assertThat(o.shell).isFalse();
    }

    @Test
    void commandLineBeatsSystemPropertyBeatsEnvironment() {
        Map<String, String> env = Map.of("WEIR_DATA", "/env", "WEIR_HTTP_PORT", "9001", "WEIR_SHELL", "true");
        LaunchOptions fromEnv = LaunchOptions.parse(new String[0], env, new Properties());
        assertThat(fromEnv.dataDir).isEqualTo(Path.of("/env"));
        assertThat(fromEnv.httpPort).isEqualTo(9001);
        assertThat(fromEnv.shell).isTrue();

        LaunchOptions fromProps = LaunchOptions.parse(new String[0], env, props("weir.data", "/prop", "weir.http.port", "9002"));
        assertThat(fromProps.dataDir).isEqualTo(Path.of("/prop"));
        assertThat(fromProps.httpPort).isEqualTo(9002);

        LaunchOptions fromArgs = LaunchOptions.parse(new String[] {"--data", "/arg", "--http-port=9003", "--shell"}, env,
                props("weir.data", "/prop"));
        assertThat(fromArgs.dataDir).isEqualTo(Path.of("/arg"));
        assertThat(fromArgs.httpPort).isEqualTo(9003);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--bogus"}, Map.of(), new Properties()))
                .hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--data"}, Map.of(), new Properties()))
                .hasMessageContaining("--data needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--http-port", "http"}, Map.of(), new Properties()))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[0], Map.of("WEIR_HTTP_PORT", "70000"), new Properties()))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--data", "--shell"}, Map.of(), new Properties()))
                .hasMessageContaining("needs a value");
    }
}
