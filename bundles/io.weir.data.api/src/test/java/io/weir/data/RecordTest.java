// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecordTest {

    @Test
    void keepsInsertionOrderAndReplacesInPlace() {
        Record r = Record.builder("pump-1").timestamp(42L)
                .put("b", 1.5).put("a", 7L).put("c", true).put("b", "x").build();
        assertThat(r.values().keySet()).containsExactly("b", "a", "c");
        assertThat(r.value("b")).isEqualTo(TypedValue.ofString("x"));
        assertThat(r.timestamp()).isEqualTo(42L);
        assertThat(r.source()).isEqualTo("pump-1");
        assertThat(r.value("missing")).isNull();
    }

    @Test
    void isImmutable() {
        Record.Builder b = Record.builder("s").put("v", 1.0);
        Record r = b.build();
        b.put("w", 2.0);
        assertThat(r.values()).hasSize(1);
        assertThatThrownBy(() -> r.values().put("x", TypedValue.ofDouble(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        List<Record> list = new ArrayList<>(List.of(r));
        RecordBatch batch = new RecordBatch(list);
        list.clear();
        assertThat(batch.size()).isEqualTo(1);
    }

    @Test
    void toBuilderDerivesWithoutChangingTheOriginal() {
        Record r = Record.builder("s").timestamp(1).put("v", 1.0).build();
        Record d = r.toBuilder().remove("v").put("w", 2L).build();
        assertThat(r.values().keySet()).containsExactly("v");
        assertThat(d.values().keySet()).containsExactly("w");
        assertThat(d.timestamp()).isEqualTo(1);
        assertThat(r).isEqualTo(Record.builder("s").timestamp(1).put("v", 1.0).build());
    }

    @Test
    void rejectsEmptyNames() {
        assertThatThrownBy(() -> Record.builder("s").put("", 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
