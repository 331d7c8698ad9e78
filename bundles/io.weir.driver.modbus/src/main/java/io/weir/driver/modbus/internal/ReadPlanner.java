// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Groups the channels of one read into as few Modbus requests as possible: channels of the same register kind
 * whose addresses are adjacent, overlapping or separated by at most {@code maxGap} unused addresses share one
 * request, as long as the request stays within the per-request limit. Pure and immutable.
 *
 * <p>Blocks come out ordered by register kind, then start address; each block lists the items it covers with
 * their original index, so the caller puts results back in request order.
 */
final class ReadPlanner {

    /**
     * One channel to read.
     *
     * @param index the channel's position in the read request
     * @param kind its table
     * @param address its first address
     * @param length the addresses it occupies (registers, or 1 bit)
     */
    record Item(int index, RegisterKind kind, int address, int length) {
        int end() {
            return address + length;
        }
    }

    /**
     * One Modbus read request.
     *
     * @param kind the table
     * @param start the first address
     * @param count the number of registers or bits
     * @param items the channels covered, sorted by address; each lies within [start, start + count)
     */
    record Block(RegisterKind kind, int start, int count, List<Item> items) {
        Block {
            items = List.copyOf(items);
        }

        /** @return the position of the item's first register or bit within this block's answer */
        int offsetOf(Item item) {
            return item.address() - start;
        }
    }

    private static final Comparator<Item> BY_ADDRESS =
            Comparator.comparingInt(Item::address).thenComparingInt(Item::index);

    private final int maxRegisters;
    private final int maxBits;
    private final int maxGap;

    /**
     * @param maxRegisters the most registers per request, 4 (one FLOAT64) to 125
     * @param maxBits the most bits per request, 1 to 2000
     * @param maxGap the most unused addresses between two channels that are still read together, 0 or more
     */
    ReadPlanner(int maxRegisters, int maxBits, int maxGap) {
        if (maxRegisters < 4 || maxRegisters > 125 || maxBits < 1 || maxBits > 2000 || maxGap < 0) {
            throw new IllegalArgumentException("bad limits: maxRegisters=" + maxRegisters + " maxBits=" + maxBits
                    + " maxGap=" + maxGap);
        }
        this.maxRegisters = maxRegisters;
        this.maxBits = maxBits;
        this.maxGap = maxGap;
    }

    /**
     * @param items the channels to read, any order; their lengths must not exceed the per-request limit
     * @return the requests, ordered by kind and start address; every item appears in exactly one block
     */
    List<Block> plan(List<Item> items) {
        List<Block> blocks = new ArrayList<>();
        for (RegisterKind kind : RegisterKind.values()) {
            List<Item> ofKind = new ArrayList<>();
            for (Item item : items) {
                if (Objects.requireNonNull(item, "item").kind() == kind) {
                    ofKind.add(item);
                }
            }
            if (ofKind.isEmpty()) {
                continue;
            }
            ofKind.sort(BY_ADDRESS);
            int limit = kind.isBit() ? maxBits : maxRegisters;
            List<Item> current = new ArrayList<>();
            int start = 0;
            int end = 0;
            for (Item item : ofKind) {
                if (item.length() > limit) {
                    throw new IllegalArgumentException("item " + item + " is longer than " + limit);
                }
                int newEnd = Math.max(end, item.end());
                if (!current.isEmpty() && item.address() - end <= maxGap && newEnd - start <= limit) {
                    current.add(item);
                    end = newEnd;
                    continue;
                }
                if (!current.isEmpty()) {
                    blocks.add(new Block(kind, start, end - start, current));
                }
                current = new ArrayList<>();
                current.add(item);
                start = item.address();
                end = item.end();
            }
            blocks.add(new Block(kind, start, end - start, current));
        }
        return blocks;
    }
}
