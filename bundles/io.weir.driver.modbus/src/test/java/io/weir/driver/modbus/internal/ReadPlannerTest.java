// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import static io.weir.driver.modbus.internal.RegisterKind.COIL;
import static io.weir.driver.modbus.internal.RegisterKind.DISCRETE_INPUT;
import static io.weir.driver.modbus.internal.RegisterKind.HOLDING_REGISTER;
import static io.weir.driver.modbus.internal.RegisterKind.INPUT_REGISTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weir.driver.modbus.internal.ReadPlanner.Block;
import io.weir.driver.modbus.internal.ReadPlanner.Item;

class ReadPlannerTest {

    private static List<Item> items(Object... kindAddressLength) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < kindAddressLength.length; i += 3) {
            items.add(new Item(i / 3, (RegisterKind) kindAddressLength[i], (Integer) kindAddressLength[i + 1],
                    (Integer) kindAddressLength[i + 2]));
        }
        return items;
    }

    /** kind start+count [indexes] for each block. */
    private static List<String> describe(List<Block> blocks) {
        return blocks.stream().map(b -> b.kind() + " " + b.start() + "+" + b.count() + " "
                + b.items().stream().map(Item::index).toList()).toList();
    }

    @Test
    void adjacentChannelsOfOneKindShareOneRequest() {
        List<Block> plan = new ReadPlanner(125, 2000, 0).plan(items(
                HOLDING_REGISTER, 0, 1,
                HOLDING_REGISTER, 1, 2,
                HOLDING_REGISTER, 3, 4,
                HOLDING_REGISTER, 7, 1));
        assertThat(describe(plan)).containsExactly("HOLDING_REGISTER 0+8 [0, 1, 2, 3]");
    }

    @Test
    void gapsUpToMaxGapAreMergedLargerOnesSplit() {
        List<Item> items = items(
                INPUT_REGISTER, 10, 2, // 10-11
                INPUT_REGISTER, 14, 1, // gap of 2 (12, 13)
                INPUT_REGISTER, 20, 2); // gap of 5 (15-19)
        assertThat(describe(new ReadPlanner(125, 2000, 0).plan(items))).containsExactly(
                "INPUT_REGISTER 10+2 [0]", "INPUT_REGISTER 14+1 [1]", "INPUT_REGISTER 20+2 [2]");
        assertThat(describe(new ReadPlanner(125, 2000, 2).plan(items))).containsExactly(
                "INPUT_REGISTER 10+5 [0, 1]", "INPUT_REGISTER 20+2 [2]");
        assertThat(describe(new ReadPlanner(125, 2000, 5).plan(items))).containsExactly(
                "INPUT_REGISTER 10+12 [0, 1, 2]");
    }

    @Test
    void requestsNeverExceedTheMaximumLength() {
        List<Item> items = items(
                HOLDING_REGISTER, 0, 4,
                HOLDING_REGISTER, 4, 4,
                HOLDING_REGISTER, 8, 4,
                HOLDING_REGISTER, 12, 2);
        assertThat(describe(new ReadPlanner(10, 2000, 0).plan(items))).containsExactly(
                "HOLDING_REGISTER 0+8 [0, 1]", "HOLDING_REGISTER 8+6 [2, 3]");
        // exactly at the limit still fits
        assertThat(describe(new ReadPlanner(14, 2000, 0).plan(items))).containsExactly(
                "HOLDING_REGISTER 0+14 [0, 1, 2, 3]");
        // a gap counts towards the length
        assertThat(describe(new ReadPlanner(4, 2000, 10).plan(items(
                HOLDING_REGISTER, 0, 1, HOLDING_REGISTER, 3, 1, HOLDING_REGISTER, 4, 1))))
                .containsExactly("HOLDING_REGISTER 0+4 [0, 1]", "HOLDING_REGISTER 4+1 [2]");
    }

    @Test
    void bitsAreLimitedByMaxBits() {
        List<Item> items = items(COIL, 0, 1, COIL, 1, 1, COIL, 2, 1, COIL, 3, 1);
        assertThat(describe(new ReadPlanner(125, 3, 0).plan(items))).containsExactly(
                "COIL 0+3 [0, 1, 2]", "COIL 3+1 [3]");
    }

    @Test
    void kindsAreNeverMixedAndComeInKindOrder() {
        List<Block> plan = new ReadPlanner(125, 2000, 100).plan(items(
                HOLDING_REGISTER, 0, 1,
                INPUT_REGISTER, 0, 1,
                DISCRETE_INPUT, 0, 1,
                COIL, 0, 1,
                HOLDING_REGISTER, 1, 1));
        assertThat(describe(plan)).containsExactly(
                "COIL 0+1 [3]", "DISCRETE_INPUT 0+1 [2]", "INPUT_REGISTER 0+1 [1]", "HOLDING_REGISTER 0+2 [0, 4]");
    }

    @Test
    void overlappingAndDuplicateChannelsShareRegisters() {
        // the same register read as INT16 and as the high word of an INT32, and one duplicate
        List<Block> plan = new ReadPlanner(125, 2000, 0).plan(items(
                HOLDING_REGISTER, 5, 2,
                HOLDING_REGISTER, 5, 1,
                HOLDING_REGISTER, 6, 1,
                HOLDING_REGISTER, 5, 1));
        assertThat(describe(plan)).containsExactly("HOLDING_REGISTER 5+2 [0, 1, 3, 2]");
    }

    @Test
    void resultsGoBackToRequestOrder() {
        // request order deliberately not address order, across kinds
        List<Item> items = items(
                HOLDING_REGISTER, 30, 2,
                COIL, 7, 1,
                HOLDING_REGISTER, 10, 1,
                HOLDING_REGISTER, 11, 4,
                COIL, 5, 1,
                HOLDING_REGISTER, 60, 1);
        List<Block> plan = new ReadPlanner(125, 2000, 2).plan(items);
        assertThat(describe(plan)).containsExactly("COIL 5+3 [4, 1]", "HOLDING_REGISTER 10+5 [2, 3]",
                "HOLDING_REGISTER 30+2 [0]", "HOLDING_REGISTER 60+1 [5]");
        // simulate the device: each address answers its own number; put answers back by index
        String[] results = new String[items.size()];
        for (Block block : plan) {
            for (Item item : block.items()) {
                assertThat(results[item.index()]).as("item %s placed twice", item.index()).isNull();
                int offset = block.offsetOf(item);
                assertThat(offset).isBetween(0, block.count() - item.length());
                results[item.index()] = item.kind() + "@" + (block.start() + offset);
            }
        }
        assertThat(results).containsExactly("HOLDING_REGISTER@30", "COIL@7", "HOLDING_REGISTER@10",
                "HOLDING_REGISTER@11", "COIL@5", "HOLDING_REGISTER@60");
    }

    @Test
    void highestAddressesAndEmptyInput() {
        assertThat(new ReadPlanner(125, 2000, 0).plan(List.of())).isEmpty();
        assertThat(describe(new ReadPlanner(125, 2000, 0).plan(items(
                HOLDING_REGISTER, 65532, 4, HOLDING_REGISTER, 65535, 1))))
                .containsExactly("HOLDING_REGISTER 65532+4 [0, 1]");
    }

    @Test
    void rejectsImpossibleLimits() {
        assertThatThrownBy(() -> new ReadPlanner(3, 2000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadPlanner(126, 2000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadPlanner(125, 2001, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadPlanner(125, 2000, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
