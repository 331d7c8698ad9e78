// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    private static StageMetrics stage(String id) {
        return new StageMetrics(id, "ewma", 10, 10, 0, 0, LatencySummary.EMPTY, 2, 1024);
    }

    @Test
    void latencyRejectsNegativesButAllowsBucketRoundingAboveMax() {
        assertThatThrownBy(() -> new LatencySummary(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatencySummary(1, 0, -5, 0)).isInstanceOf(IllegalArgumentException.class);
        LatencySummary rounded = new LatencySummary(3, 1000, 2047, 2000);
        assertThat(rounded.p99Nanos()).isGreaterThan(rounded.maxNanos());
    }

    @Test
    void stageMetricsRejectNegativeCounters() {
        assertThatThrownBy(() -> new StageMetrics("s", "ewma", 1, -1, 0, 0, LatencySummary.EMPTY, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s");
        assertThatThrownBy(() -> new StageMetrics("s", "ewma", 1, 1, 0, 0, LatencySummary.EMPTY, -1, 8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pipelineMetricsCopyStagesAndFindThemById() {
        List<StageMetrics> stages = new ArrayList<>(List.of(stage("scale"), stage("window")));
        PipelineMetrics m = new PipelineMetrics(10, 4, 0, 1, LatencySummary.EMPTY, 4, stages);
        stages.clear();
        assertThat(m.stages()).extracting(StageMetrics::stageId).containsExactly("scale", "window");
        assertThat(m.stage("window")).isNotNull().extracting(StageMetrics::queueCapacity).isEqualTo(1024);
        assertThat(m.stage("missing")).isNull();
        assertThatThrownBy(() -> m.stages().add(stage("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new PipelineMetrics(-1, 0, 0, 0, LatencySummary.EMPTY, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void statusNeedsAMessage() {
        assertThatThrownBy(() -> new PipelineStatus(PipelineState.FAILED, null, 0L))
                .isInstanceOf(NullPointerException.class);
        assertThat(new PipelineStatus(PipelineState.WAITING, "stage type 'fft' is not available", 7L).state())
                .isEqualTo(PipelineState.WAITING);
    }
}
