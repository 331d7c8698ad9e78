// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;

class RecordRewriterTest {

    @Test
    void startsFromExactlyTheInputWhateverCameBefore() {
        RecordRewriter rewriter = new RecordRewriter();
        Record[] inputs = {rec(1, "a", 1.0, "b", 2.0), Records.recFrom("x", 2, "a", 3.0, "b", 4.0),
            rec(3, "b", 5.0, "a", 6.0), rec(4, "a", 7.0), rec(5), rec(6, "a", 8.0, "c", 9.0),
            rec(7, "a", 8.5, "c", 9.5)};
        for (Record in : inputs) {
            assertThat(rewriter.start(in).build()).isEqualTo(in);
        }
    }

    @Test
    void reusesTheBuilderWhileTheNamesRepeat() {
        RecordRewriter rewriter = new RecordRewriter();
        Record.Builder first = rewriter.start(rec(1, "a", 1.0, "b", 2.0));
        assertThat(rewriter.start(rec(2, "a", 3.0, "b", 4.0))).isSameAs(first);
        assertThat(rewriter.start(rec(3, "b", 3.0, "a", 4.0))).isNotSameAs(first);
    }
}
