// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.itest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverStatus;
import io.weir.driver.SettingDescriptor;
import io.weir.driver.StatusCode;

/**
 * A simple in-test driver, registered by the tests as a Driver service. Channels have a required INTEGER
 * {@code address} (0..65535) and an optional DOUBLE {@code offset}; a DOUBLE channel reads
 * {@code address + offset + n}, a LONG channel {@code n}, where n counts the reads. A {@link #hold} makes reads
 * block until it is released, like a slow device.
 */
public class TestDriver implements Driver {

    static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(List.of(
            new SettingDescriptor("address", "Address", "register address", DataType.INTEGER, true, null, List.of(),
                    0.0, 65535.0),
            new SettingDescriptor("offset", "Offset", "added to the value", DataType.DOUBLE, false,
                    TypedValue.ofDouble(0), List.of(), null, null)),
            EnumSet.of(DataType.DOUBLE, DataType.LONG));

    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger completedReads = new AtomicInteger();
    final List<ChannelWrite> written = new CopyOnWriteArrayList<>();
    final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    final CountDownLatch firstReadEntered = new CountDownLatch(1);
    /** When set, every read waits for it (at most 10 s), like a device that does not answer. */
    volatile CountDownLatch hold;
    volatile boolean unreachable;

    @Override
    public ChannelDescriptor channelDescriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(Channel channel) {
        // the descriptor says everything this driver needs
    }

    @Override
    public DriverStatus connect() {
        return DriverStatus.OK;
    }

    @Override
    public void disconnect() {
    }

    @Override
    public List<ChannelResult> read(List<Channel> channels) {
        int n = reads.incrementAndGet();
        firstReadEntered.countDown();
        CountDownLatch h = hold;
        if (h != null) {
            try {
                h.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long now = System.currentTimeMillis();
        List<ChannelResult> out = new ArrayList<>();
        for (Channel c : channels) {
            if (unreachable) {
                out.add(ChannelResult.error(c.name(), DriverStatus.error(StatusCode.COMMUNICATION_ERROR,
                        "connection refused"), now));
            } else if (c.type() == DataType.LONG) {
                out.add(ChannelResult.ok(c.name(), TypedValue.ofLong(n), now));
            } else {
                double offset = c.setting("offset") == null ? 0 : c.setting("offset").doubleValue();
                out.add(ChannelResult.ok(c.name(), TypedValue.ofDouble(c.setting("address").intValue() + offset + n),
                        now));
            }
        }
        completedReads.incrementAndGet();
        return out;
    }

    @Override
    public List<ChannelResult> write(List<ChannelWrite> writes) {
        List<ChannelResult> out = new ArrayList<>();
        for (ChannelWrite w : writes) {
            written.add(w);
            out.add(ChannelResult.ok(w.channel().name(), w.value(), System.currentTimeMillis()));
        }
        return out;
    }

    @Override
    public void listen(List<Channel> channels, ChannelListener listener) {
        listeners.add(listener);
    }

    @Override
    public void unlisten(ChannelListener listener) {
        listeners.remove(listener);
    }
}
