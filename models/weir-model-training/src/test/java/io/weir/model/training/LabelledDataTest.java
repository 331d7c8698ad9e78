// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledDataTest {

    private static final List<String> NAMES = List.of("a", "b");

    private static LabelledExample ex(boolean anomaly, double... features) {
        return new LabelledExample(features, anomaly);
    }

    @Test
    void countsAndCopies() {
        LabelledData d = LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(false, 3, 4), ex(true, 5, 6)));

        assertThat(d.size()).isEqualTo(3);
        assertThat(d.positives()).isEqualTo(2);
        assertThat(d.description()).isEqualTo("labelled examples");
        assertThat(LabelledData.of(NAMES, List.of()).size()).isZero();
    }

    @Test
    void aWidthMismatchNamesTheExample() {
        assertThatThrownBy(() -> LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(false, 1, 2, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example 1 has 3 feature values, but there are 2 feature names [a, b]");
    }

    @Test
    void nonFiniteValuesNameExampleAndFeature() {
        assertThatThrownBy(() -> LabelledData.of(NAMES, List.of(ex(true, 1, Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example 0, feature 'b': NaN is not a finite number");
        assertThatThrownBy(() -> LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(true, Double.NEGATIVE_INFINITY,
                2)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example 1, feature 'a': -Infinity is not a finite number");
    }

    @Test
    void badNamesAreRejected() {
        assertThatThrownBy(() -> LabelledData.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one feature name is needed");
        assertThatThrownBy(() -> LabelledData.of(List.of("a", "a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("duplicate feature name 'a' in [a, a]");
        assertThatThrownBy(() -> LabelledData.of(List.of("a,b"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature name 'a,b' must not contain commas or whitespace");
        assertThatThrownBy(() -> LabelledData.of(List.of("a b"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelledData.of(List.of(" "), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("feature names must not be blank: [ ]");
        assertThatThrownBy(() -> LabelledData.of(List.of("score"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature name 'score' is reserved for the score's drift reference");
        assertThatThrownBy(() -> new LabelledData(NAMES, List.of(), "two\nlines"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("description must be one line");
    }

    @Test
    void theFingerprintIsSha256OfTheCanonicalEncoding() {
        LabelledData d = LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(false, 3, 4)));

        assertThat(d.fingerprint()).matches("sha256:[0-9a-f]{64}")
                .isEqualTo(new LabelledData(NAMES, d.examples(), "another description").fingerprint())
                // -0.0 and 0.0 are the same number
                .isEqualTo(LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(false, 3, 4))).fingerprint());
        assertThat(LabelledData.of(NAMES, List.of(ex(true, 0.0, 2))).fingerprint())
                .isEqualTo(LabelledData.of(NAMES, List.of(ex(true, -0.0, 2))).fingerprint());
    }

    @Test
    void theFingerprintChangesWithAnyValueLabelNameOrOrder() {
        String base = LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(false, 3, 4))).fingerprint();

        assertThat(List.of(
                LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(false, 3, Math.nextUp(4.0)))).fingerprint(),
                LabelledData.of(NAMES, List.of(ex(true, 1, 2), ex(true, 3, 4))).fingerprint(),
                LabelledData.of(List.of("a", "c"), List.of(ex(true, 1, 2), ex(false, 3, 4))).fingerprint(),
                LabelledData.of(NAMES, List.of(ex(false, 3, 4), ex(true, 1, 2))).fingerprint(),
                LabelledData.of(NAMES, List.of(ex(true, 1, 2))).fingerprint()))
                .doesNotContain(base).doesNotHaveDuplicates();
    }
}
