// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import org.jspecify.annotations.Nullable;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;
import io.weir.driver.simulated.signal.internal.Signal;

/**
 * A channel compiled against the driver's settings: either a signal, a label of another channel's ground truth,
 * or an invalid channel with the reason. Immutable, thread-safe; built by {@link ChannelSettings#compile}.
 */
final class SimulatedChannel {

    /** What a channel produces. */
    enum Kind {
        /** Values of a {@link Signal}. */
        SIGNAL,
        /** 1 when the source channel has an injected anomaly, else 0. */
        ANOMALY_LABEL,
        /** 1 once the source channel's drift has begun, else 0. */
        DRIFT_LABEL,
        /** Cannot be read or written; {@link #invalidStatus()} says why. */
        INVALID
    }

    private final Channel channel;
    private final Kind kind;
    private final @Nullable Signal signal;
    private final @Nullable String source;
    private final boolean constant;
    private final long samplePeriodMs;
    private final @Nullable DriverStatus dropoutStatus;
    private final @Nullable DriverStatus invalidStatus;

    private SimulatedChannel(Channel channel, Kind kind, @Nullable Signal signal, @Nullable String source,
            boolean constant, long samplePeriodMs, @Nullable DriverStatus dropoutStatus,
            @Nullable DriverStatus invalidStatus) {
        this.channel = channel;
        this.kind = kind;
        this.signal = signal;
        this.source = source;
        this.constant = constant;
        this.samplePeriodMs = samplePeriodMs;
        this.dropoutStatus = dropoutStatus;
        this.invalidStatus = invalidStatus;
    }

    static SimulatedChannel signal(Channel channel, Signal signal, boolean constant, StatusCode dropoutCode) {
        return new SimulatedChannel(channel, Kind.SIGNAL, signal, null, constant,
                signal.spec().anomalies().samplePeriodMs(),
                DriverStatus.error(dropoutCode, "simulated dropout of channel '" + channel.name() + "'"), null);
    }

    static SimulatedChannel label(Channel channel, Kind kind, String source) {
        return new SimulatedChannel(channel, kind, null, source, false, 0, null, null);
    }

    static SimulatedChannel invalid(Channel channel, String message) {
        return new SimulatedChannel(channel, Kind.INVALID, null, null, false, 0, null,
                DriverStatus.error(StatusCode.INVALID_CHANNEL, message));
    }

    Channel channel() {
        return channel;
    }

    String name() {
        return channel.name();
    }

    Kind kind() {
        return kind;
    }

    /** @return the signal of a {@link Kind#SIGNAL} channel */
    Signal signal() {
        if (signal == null) {
            throw new IllegalStateException("channel " + name() + " is a " + kind + " channel, not a signal");
        }
        return signal;
    }

    /** @return the source channel name of a label channel */
    String source() {
        if (source == null) {
            throw new IllegalStateException("channel " + name() + " is not a label channel");
        }
        return source;
    }

    boolean isLabel() {
        return kind == Kind.ANOMALY_LABEL || kind == Kind.DRIFT_LABEL;
    }

    /** @return whether this is a constant signal, the only kind that can be written */
    boolean isConstant() {
        return constant;
    }

    /** @return the slot length and listening period of a signal channel, 0 for other kinds */
    long samplePeriodMs() {
        return samplePeriodMs;
    }

    /** @return the status of a dropout (signal channels) */
    DriverStatus dropoutStatus() {
        if (dropoutStatus == null) {
            throw new IllegalStateException("channel " + name() + " has no dropouts");
        }
        return dropoutStatus;
    }

    /** @return why this channel is invalid ({@link Kind#INVALID}) */
    DriverStatus invalidStatus() {
        if (invalidStatus == null) {
            throw new IllegalStateException("channel " + name() + " is valid");
        }
        return invalidStatus;
    }

    /**
     * @param v a signal value
     * @return {@code v} as a value of the channel's type: FLOAT narrowed, LONG and INTEGER rounded to the nearest
     *         integer (saturated), BOOLEAN true when {@code v > 0.5}
     */
    TypedValue convert(double v) {
        return convert(channel.type(), v);
    }

    static TypedValue convert(DataType type, double v) {
        switch (type) {
            case FLOAT:
                return TypedValue.ofFloat((float) v);
            case LONG:
                return TypedValue.ofLong(Math.round(v));
            case INTEGER:
                long rounded = Math.round(v);
                return TypedValue.ofInteger((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rounded)));
            case BOOLEAN:
                return TypedValue.ofBoolean(v > 0.5);
            default:
                return TypedValue.ofDouble(v);
        }
    }
}
