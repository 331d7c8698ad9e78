// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.util.Map;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.weir.inference.ModelMetrics;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class SettingsAndMetricsTest {

    private static EngineConfig config(String level, String arena, int intra, String... pins) {
        return new EngineConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EngineConfig.class;
            }

            @Override
            public int intraOpThreads() {
                return intra;
            }

            @Override
            public int interOpThreads() {
                return 1;
            }

            @Override
            public String optimizationLevel() {
                return level;
            }

            @Override
            public String memoryArena() {
                return arena;
            }

            @Override
            public String[] pinnedVersions() {
                return pins;
            }

            @Override
            public int warmupRuns() {
                return 3;
            }

            @Override
            public long maxModelBytes() {
                return 1000;
            }

            @Override
            public int maxBatchRows() {
                return 16;
            }

            @Override
            public long updateGraceMs() {
                return 5;
            }
        };
    }

    @Test
    void settingsParseAndInvalidOnesNameTheAttribute() {
        SessionSettings s = SessionSettings.of(config("extended", " shrink ", 2));
        assertThat(s.optLevel()).isEqualTo(OptLevel.EXTENDED_OPT);
        assertThat(s.arena()).isEqualTo(SessionSettings.Arena.SHRINK);
        assertThat(s.intraOpThreads()).isEqualTo(2);
        assertThatThrownBy(() -> SessionSettings.of(config("fast", "OFF", 1)))
                .hasMessage("configuration io.weir.inference.onnx: 'optimizationLevel' must be NONE, BASIC, EXTENDED "
                        + "or ALL, was fast");
        assertThatThrownBy(() -> SessionSettings.of(config("ALL", "tiny", 1)))
                .hasMessageContaining("'memoryArena' must be OFF, ON or SHRINK, was tiny");
        assertThatThrownBy(() -> SessionSettings.of(config("ALL", "OFF", -1)))
                .hasMessageContaining("'intraOpThreads' must be 0 to 256, was -1");
    }

    @Test
    void pinsParseAndInvalidOnesNameTheEntry() {
        assertThat(OnnxInferenceEngine.pins(new String[] { "a=1.2", " b = 2.0.0.rc1 ", "" }))
                .isEqualTo(Map.of("a", new Version(1, 2, 0), "b", new Version(2, 0, 0, "rc1")));
        assertThatThrownBy(() -> OnnxInferenceEngine.pins(new String[] { "a" }))
                .hasMessageContaining("'pinnedVersions' entry 'a' is not name=version");
        assertThatThrownBy(() -> OnnxInferenceEngine.pins(new String[] { "a=x.y" }))
                .hasMessageContaining("'pinnedVersions' entry 'a=x.y'");
    }

    @Test
    void histogramBucketsAndPercentiles() {
        assertThat(LatencyHistogram.bucket(0.5)).isZero();
        assertThat(LatencyHistogram.bucket(1.0)).isZero();
        assertThat(LatencyHistogram.bucket(2.0)).isEqualTo(4); // bound 2^(4/4) = 2 µs, inclusive
        assertThat(LatencyHistogram.bucket(2.01)).isEqualTo(5);
        LatencyHistogram h = new LatencyHistogram(new Version(1, 0, 0));
        for (int i = 0; i < 98; i++) {
            h.success(10_000, 1); // 10 µs
        }
        h.success(1_000_000, 2); // 1 ms
        h.failure(5_000_000); // 5 ms
        ModelMetrics m = h.snapshot();
        assertThat(m.calls()).isEqualTo(100);
        assertThat(m.rows()).isEqualTo(100);
        assertThat(m.errors()).isEqualTo(1);
        assertThat(m.p50Micros()).isBetween(10.0, 10.0 * 1.19);
        assertThat(m.p99Micros()).isBetween(1000.0, 1000.0 * 1.19);
        assertThat(m.maxMicros()).isEqualTo(5000.0);
        long total = 0;
        for (long c : m.counts()) {
            total += c;
        }
        assertThat(total).isEqualTo(100);
    }
}
