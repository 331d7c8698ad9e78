// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.DriverException;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;
import io.weir.driver.simulated.signal.internal.Signal;

/**
 * The simulated device behind one driver instance: compiles channels (with a cache), samples them at a given
 * time, and keeps the setpoints written to constant channels. Shared by the read, write and listen paths.
 *
 * <p>Thread-safe: the cache and the setpoints are concurrent maps; compiled channels are immutable.
 */
final class SimulatedDevice {

    /** The cache is cleared when it grows beyond this (callers that build new channel objects for every read). */
    private static final int MAX_CACHED_CHANNELS = 4096;

    private final DriverOptions options;
    private final long originMs;
    private final DriverStatus unavailable;
    /** The hot path: the channel objects callers reuse, by identity. */
    private final IdentityCache<Channel, SimulatedChannel> byIdentity = new IdentityCache<>(1024);
    /** Equal channels in new objects, by equality (hashing a channel costs more than a sample). */
    private final Map<Channel, SimulatedChannel> compiled = new ConcurrentHashMap<>();
    /** Written setpoints by channel name: they replace the offset of constant channels of that name. */
    private final Map<String, Double> setpoints = new ConcurrentHashMap<>();

    /**
     * @param options the driver configuration
     * @param originMs what the channels' start times count from, epoch ms
     */
    SimulatedDevice(DriverOptions options, long originMs) {
        this.options = options;
        this.originMs = originMs;
        this.unavailable = DriverStatus.error(StatusCode.COMMUNICATION_ERROR,
                "simulated device '" + options.name() + "' is configured unavailable (available=false)");
    }

    boolean isAvailable() {
        return options.available();
    }

    DriverStatus unavailableStatus() {
        return unavailable;
    }

    /**
     * @param channel a channel
     * @return the compiled channel, {@link SimulatedChannel.Kind#INVALID} with the reason if it is invalid
     */
    SimulatedChannel compiled(Channel channel) {
        SimulatedChannel c = byIdentity.get(channel);
        return c != null ? c : byIdentity.computeIfAbsent(channel, this::compiledByEquality);
    }

    private SimulatedChannel compiledByEquality(Channel channel) {
        SimulatedChannel c = compiled.get(channel);
        if (c != null) {
            return c;
        }
        try {
            c = ChannelSettings.compile(channel, options.seed(), originMs);
        } catch (DriverException e) {
            c = SimulatedChannel.invalid(channel, e.getMessage());
        }
        if (compiled.size() >= MAX_CACHED_CHANNELS) {
            compiled.clear();
        }
        compiled.put(channel, c);
        return c;
    }

    /**
     * @param channel a channel
     * @throws DriverException if it is invalid
     */
    void validate(Channel channel) throws DriverException {
        SimulatedChannel c = compiled(channel);
        if (c.kind() == SimulatedChannel.Kind.INVALID) {
            throw new DriverException(c.invalidStatus().message());
        }
    }

    /**
     * Finds the source of a label channel in a request.
     *
     * @param label a label channel
     * @param request the channels read or listened to together
     * @return the source's compiled channel, or {@code null} if it is not in the request
     */
    @Nullable
    SimulatedChannel sourceOf(SimulatedChannel label, List<Channel> request) {
        String source = label.source();
        for (int i = 0; i < request.size(); i++) {
            Channel candidate = request.get(i);
            if (candidate.name().equals(source)) {
                return compiled(candidate);
            }
        }
        return null;
    }

    /**
     * Samples a channel read in a request.
     *
     * @param channel the channel
     * @param request every channel of the same request (label channels find their source there)
     * @param t sample time, epoch ms
     * @return the result
     */
    ChannelResult read(Channel channel, List<Channel> request, long t) {
        SimulatedChannel c = compiled(channel);
        return sample(c, c.isLabel() ? sourceOf(c, request) : null, t);
    }

    /**
     * @param c a compiled channel
     * @param source the compiled source channel of a label channel, {@code null} if missing or not a label
     * @param t sample time, epoch ms
     * @return the result at {@code t}
     */
    ChannelResult sample(SimulatedChannel c, @Nullable SimulatedChannel source, long t) {
        String name = c.name();
        if (!options.available()) {
            return ChannelResult.error(name, unavailable, t);
        }
        switch (c.kind()) {
            case INVALID:
                return ChannelResult.error(name, c.invalidStatus(), t);
            case SIGNAL:
                if (!c.channel().mode().canRead()) {
                    return ChannelResult.error(name, DriverStatus.error(StatusCode.UNSUPPORTED,
                            "channel '" + name + "' is write-only"), t);
                }
                Signal s = c.signal();
                if (s.isDropout(t)) {
                    return ChannelResult.error(name, c.dropoutStatus(), t);
                }
                double v;
                if (c.isConstant()) {
                    Double setpoint = setpoints.get(name);
                    v = setpoint == null ? s.value(t) : s.value(t, setpoint);
                } else {
                    v = s.value(t);
                }
                return ChannelResult.ok(name, c.convert(v), t);
            default:
                return label(c, source, t);
        }
    }

    private static ChannelResult label(SimulatedChannel c, @Nullable SimulatedChannel source, long t) {
        String name = c.name();
        if (source == null) {
            return ChannelResult.error(name, DriverStatus.error(StatusCode.INVALID_CHANNEL, "channel '" + name
                    + "': source channel '" + c.source() + "' must be read or listened to in the same request"), t);
        }
        if (source.kind() != SimulatedChannel.Kind.SIGNAL) {
            return ChannelResult.error(name, DriverStatus.error(StatusCode.INVALID_CHANNEL, "channel '" + name
                    + "': source channel '" + c.source() + "' is not a valid signal channel"), t);
        }
        Signal s = source.signal();
        boolean flag = c.kind() == SimulatedChannel.Kind.ANOMALY_LABEL ? s.isAnomaly(t) : s.isDrifting(t);
        return ChannelResult.ok(name, c.convert(flag ? 1 : 0), t);
    }

    /**
     * @param w a write request
     * @param t the write time, epoch ms
     * @return ok with the stored value in the channel's type, or why it failed
     */
    ChannelResult write(ChannelWrite w, long t) {
        SimulatedChannel c = compiled(w.channel());
        String name = c.name();
        if (!options.available()) {
            return ChannelResult.error(name, unavailable, t);
        }
        if (c.kind() == SimulatedChannel.Kind.INVALID) {
            return ChannelResult.error(name, c.invalidStatus(), t);
        }
        if (!w.channel().mode().canWrite() || !c.isConstant()) {
            return ChannelResult.error(name, DriverStatus.error(StatusCode.UNSUPPORTED, "channel '" + name
                    + "' is read-only (mode " + w.channel().mode() + "); only constant channels with mode WRITE or "
                    + "READ_WRITE can be written"), t);
        }
        TypedValue value = w.value();
        if (!value.type().isNumeric() || !Double.isFinite(value.asDouble())) {
            return ChannelResult.error(name, DriverStatus.error(StatusCode.TYPE_MISMATCH, "channel '" + name
                    + "' takes a finite number, not " + value), t);
        }
        double d = value.asDouble();
        setpoints.put(name, d);
        return ChannelResult.ok(name, c.convert(d), t);
    }
}
