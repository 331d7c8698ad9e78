// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void metricsFromTheConfusionCounts() {
        Evaluation e = new Evaluation(8, 2, 85, 5);

        assertThat(e.samples()).isEqualTo(100);
        assertThat(e.positives()).isEqualTo(13);
        assertThat(e.precision()).isEqualTo(0.8);
        assertThat(e.recall()).isEqualTo(8.0 / 13);
        assertThat(e.f1()).isCloseTo(2 * 0.8 * (8.0 / 13) / (0.8 + 8.0 / 13), within(1e-15));
        assertThat(e.accuracy()).isEqualTo(0.93);
        assertThat(e).hasToString("precision 0.8000 recall 0.6154 f1 0.6957 accuracy 0.9300 (tp 8 fp 2 tn 85 fn 5)");
    }

    @Test
    void undefinedRatiosAreZero() {
        Evaluation nothingFlagged = new Evaluation(0, 0, 10, 5);
        assertThat(nothingFlagged.precision()).isZero();
        assertThat(nothingFlagged.recall()).isZero();
        assertThat(nothingFlagged.f1()).isZero();
        assertThat(new Evaluation(0, 0, 0, 0).accuracy()).isZero();
        assertThatThrownBy(() -> new Evaluation(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
