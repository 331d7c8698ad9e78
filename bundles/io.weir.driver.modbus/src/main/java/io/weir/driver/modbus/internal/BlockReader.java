// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.StatusCode;

/**
 * Runs planned read requests on a {@link ModbusLink} and turns the answers into one result per channel. If the
 * device rejects a request that merged several channels with exception 2 (illegal data address) or 3 (illegal
 * data value), typically because the merged range covers unmapped addresses, each of its channels is read on its
 * own, so that only the channels that are really wrong get a DEVICE_ERROR. Called under the driver's device lock.
 */
final class BlockReader {

    private static final Logger LOG = LoggerFactory.getLogger(BlockReader.class);

    private final String name;
    private final ModbusLink link;

    BlockReader(String name, ModbusLink link) {
        this.name = name;
        this.link = link;
    }

    /**
     * @param blocks the requests, from {@link ReadPlanner#plan}
     * @param channels the channels of the read, in request order
     * @param specs the parsed settings, by request index
     * @param results receives one result per planned channel, by request index
     */
    void read(List<ReadPlanner.Block> blocks, List<Channel> channels, ChannelSpec[] specs, ChannelResult[] results) {
        for (ReadPlanner.Block block : blocks) {
            try {
                readRange(block.kind(), block.start(), block.count(), block.items(), channels, specs, results);
            } catch (DeviceFault f) {
                if (shouldReadSingly(block, f)) {
                    LOG.debug("Modbus driver '{}': merged read of {} {}+{} rejected ({}), reading channels singly",
                            name, block.kind(), block.start(), block.count(), f.getMessage());
                    for (ReadPlanner.Item item : block.items()) {
                        try {
                            readRange(item.kind(), item.address(), item.length(), List.of(item), channels, specs,
                                    results);
                        } catch (DeviceFault single) {
                            results[item.index()] = ModbusDriver.error(channels.get(item.index()), single.status());
                        }
                    }
                } else {
                    for (ReadPlanner.Item item : block.items()) {
                        results[item.index()] = ModbusDriver.error(channels.get(item.index()), f.status());
                    }
                }
            }
        }
    }

    private static boolean shouldReadSingly(ReadPlanner.Block block, DeviceFault f) {
        int code = f.exceptionCode();
        return f.code() == StatusCode.DEVICE_ERROR && block.items().size() > 1 && (code == 2 || code == 3);
    }

    private void readRange(RegisterKind kind, int start, int count, List<ReadPlanner.Item> items,
            List<Channel> channels, ChannelSpec[] specs, ChannelResult[] results) throws DeviceFault {
        if (kind.isBit()) {
            boolean[] bits = link.readBits(kind, start, count);
            long now = System.currentTimeMillis();
            for (ReadPlanner.Item item : items) {
                results[item.index()] = ChannelResult.ok(channels.get(item.index()).name(),
                        TypedValue.ofBoolean(bits[item.address() - start]), now);
            }
            return;
        }
        int[] words = link.readRegisters(kind, start, count);
        long now = System.currentTimeMillis();
        for (ReadPlanner.Item item : items) {
            Channel channel = channels.get(item.index());
            try {
                results[item.index()] = ChannelResult.ok(channel.name(),
                        RegisterCodec.decode(specs[item.index()], channel.type(), words, item.address() - start), now);
            } catch (ConversionException e) {
                results[item.index()] = ModbusDriver.error(channel, StatusCode.TYPE_MISMATCH, e.getMessage());
            }
        }
    }
}
