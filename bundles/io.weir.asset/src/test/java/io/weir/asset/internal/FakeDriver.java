// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverException;
import io.weir.driver.DriverStatus;
import io.weir.driver.SettingDescriptor;

/** A scriptable driver for unit tests: settings "address" (INTEGER, required, 0..65535) and "scale" (DOUBLE). */
class FakeDriver implements Driver {

    static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(List.of(
            new SettingDescriptor("address", "Address", "", DataType.INTEGER, true, null, List.of(), 0.0, 65535.0),
            new SettingDescriptor("scale", "Scale", "", DataType.DOUBLE, false, TypedValue.ofDouble(1), List.of(),
                    null, null),
            new SettingDescriptor("kind", "Kind", "", DataType.STRING, false, null,
                    List.of(TypedValue.ofString("holding"), TypedValue.ofString("input")), null, null)),
            EnumSet.of(DataType.DOUBLE, DataType.LONG, DataType.BOOLEAN));

    /** Answers a read of one channel; default: the address as the channel's type. */
    volatile Function<Channel, ChannelResult> answer = c -> ChannelResult.ok(c.name(), valueFor(c),
            System.currentTimeMillis());
    volatile String rejectOnValidate;
    final AtomicInteger reads = new AtomicInteger();
    final List<ChannelWrite> written = new CopyOnWriteArrayList<>();
    final List<ChannelListener> listeners = new CopyOnWriteArrayList<>();
    volatile Set<String> listenRejected = Set.of();

    static TypedValue valueFor(Channel c) {
        TypedValue a = c.setting("address");
        int address = a == null ? 0 : a.intValue();
        switch (c.type()) {
            case LONG:
                return TypedValue.ofLong(address);
            case BOOLEAN:
                return TypedValue.ofBoolean(address % 2 == 1);
            default:
                return TypedValue.ofDouble(address * 1.5);
        }
    }

    @Override
    public ChannelDescriptor channelDescriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void validate(Channel channel) throws DriverException {
        if (channel.name().equals(rejectOnValidate)) {
            throw new DriverException("address 7 cannot be " + channel.mode());
        }
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
        reads.incrementAndGet();
        List<ChannelResult> out = new ArrayList<>();
        for (Channel c : channels) {
            out.add(answer.apply(c));
        }
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
    public void listen(List<Channel> channels, ChannelListener listener) throws DriverException {
        for (Channel c : channels) {
            if (listenRejected.contains(c.name())) {
                throw new DriverException("channel " + c.name() + " cannot be listened to");
            }
        }
        listeners.add(listener);
    }

    @Override
    public void unlisten(ChannelListener listener) {
        listeners.remove(listener);
    }
}
