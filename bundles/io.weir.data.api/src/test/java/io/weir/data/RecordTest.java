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
    void sharedStorageNeverLeaksChangesBetweenRecords() {
        Record.Builder b = Record.builder("s").timestamp(1).put("a", 1.0).put("b", 2.0);
        Record first = b.build();
        b.put("a", 10.0);
        Record second = b.build();
        b.put("c", 3.0).remove("b");
        Record third = b.build();
        assertThat(first.value("a")).isEqualTo(TypedValue.ofDouble(1.0));
        assertThat(first.values().keySet()).containsExactly("a", "b");
        assertThat(second.value("a")).isEqualTo(TypedValue.ofDouble(10.0));
        assertThat(second.values().keySet()).containsExactly("a", "b");
        assertThat(third.values().keySet()).containsExactly("a", "c");

        Record derived = first.toBuilder().put("b", 5.0).remove("a").put("z", 1L).build();
        assertThat(first.values()).containsExactly(java.util.Map.entry("a", TypedValue.ofDouble(1.0)),
                java.util.Map.entry("b", TypedValue.ofDouble(2.0)));
        assertThat(derived.values().keySet()).containsExactly("b", "z");
        assertThat(derived.value("a")).isNull();
        assertThat(first.values()).isEqualTo(new java.util.LinkedHashMap<>(first.values()))
                .hasSameHashCodeAs(new java.util.LinkedHashMap<>(first.values()));
        assertThat(first.toString()).isEqualTo("Record[s@1 {a=DOUBLE:1.0, b=DOUBLE:2.0}]");
    }

    @Test
    void manyValuesKeepTheirOrderAndLookups() {
        Record.Builder b = Record.builder("s");
        for (int i = 0; i < 50; i++) {
            b.put("v" + i, (long) i);
        }
        Record r = b.build();
        assertThat(r.values()).hasSize(50);
        assertThat(r.value("v37")).isEqualTo(TypedValue.ofLong(37));
        assertThat(r.values().keySet()).startsWith("v0", "v1", "v2").endsWith("v49");
        assertThat(r.values().containsKey("v50")).isFalse();
    }

    @Test
    void rejectsEmptyNames() {
        assertThatThrownBy(() -> Record.builder("s").put("", 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
