// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @interface Config {
        String[] channels();

        double alpha() default 0.5;

        String mode() default "Absolute ";

        int window() default 3;
    }

    private final TestContext context = new TestContext("line-1", "smooth", Map.of("window", "x"));
    private final Settings settings = new Settings(context, "ewma");
    private final Config config = context.config(Config.class);

    @Test
    void labelsNameTypeStageAndPipeline() {
        assertThat(settings.where()).isEqualTo("ewma stage 'smooth' of pipeline 'line-1'");
    }

    @Test
    void missingAndUnconvertibleValuesBecomeIllegalArgumentsNamingTheAttribute() {
        assertThatThrownBy(() -> settings.channels("channels", config::channels, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ewma stage 'smooth' of pipeline 'line-1': invalid configuration 'channels': is required");
        assertThatThrownBy(() -> settings.intBetween("window", config::window, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'window'");
    }

    @Test
    void rangesAndChoices() {
        assertThat(settings.oneOf("mode", config::mode, "absolute", "percent")).isEqualTo("absolute");
        assertThatThrownBy(() -> settings.oneOf("mode", () -> "relative", "absolute", "percent"))
                .hasMessageContaining("'mode'").hasMessageContaining("'relative' is not one of absolute, percent");
        assertThatThrownBy(() -> settings.positive("alpha", () -> 0.0)).hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> settings.intBetween("n", () -> 11, 1, 10))
                .hasMessageContaining("between 1 and 10, was 11");
        assertThatThrownBy(() -> settings.channels("channels", () -> new String[] {" "}, true))
                .hasMessageContaining("empty");
        assertThat(settings.channels("channels", () -> new String[0], true)).isEmpty();
        assertThat(settings.late(() -> "Dead-Letter")).isEqualTo(LatePolicy.DEAD_LETTER);
    }
}
