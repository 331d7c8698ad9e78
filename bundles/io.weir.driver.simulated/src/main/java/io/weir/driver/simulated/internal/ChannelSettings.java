// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.ChannelMode;
import io.weir.driver.DriverException;
import io.weir.driver.SettingDescriptor;
import io.weir.driver.StatusCode;
import io.weir.driver.simulated.signal.internal.Anomalies;
import io.weir.driver.simulated.signal.internal.Drift;
import io.weir.driver.simulated.signal.internal.Rng;
import io.weir.driver.simulated.signal.internal.Signal;
import io.weir.driver.simulated.signal.internal.SignalKind;
import io.weir.driver.simulated.signal.internal.SignalSpec;
import io.weir.driver.simulated.signal.internal.Waveform;
import io.weir.driver.simulated.signal.internal.Window;

/**
 * The simulated driver's channel settings: the {@link #DESCRIPTOR} it advertises, and the compilation of a
 * {@link Channel} into a {@link SimulatedChannel}, which validates every setting. Stateless.
 */
final class ChannelSettings {

    static final String SIGNAL = "signal";
    static final String AMPLITUDE = "amplitude";
    static final String OFFSET = "offset";
    static final String FREQUENCY_HZ = "frequencyHz";
    static final String PHASE_DEG = "phaseDeg";
    static final String NOISE = "noise";
    static final String HARMONICS = "harmonics";
    static final String DUTY_CYCLE = "dutyCycle";
    static final String STEP_SIZE = "stepSize";
    static final String SAMPLE_PERIOD_MS = "samplePeriodMs";
    static final String SEED = "seed";
    static final String SPIKE_PROBABILITY = "spikeProbability";
    static final String SPIKE_EVERY_N = "spikeEveryN";
    static final String SPIKE_MAGNITUDE = "spikeMagnitude";
    static final String STUCK_START_MS = "stuckStartMs";
    static final String STUCK_DURATION_MS = "stuckDurationMs";
    static final String STUCK_PERIOD_MS = "stuckPeriodMs";
    static final String DROPOUT_START_MS = "dropoutStartMs";
    static final String DROPOUT_DURATION_MS = "dropoutDurationMs";
    static final String DROPOUT_PERIOD_MS = "dropoutPeriodMs";
    static final String DROPOUT_PROBABILITY = "dropoutProbability";
    static final String DROPOUT_STATUS = "dropoutStatus";
    static final String DRIFT_START_MS = "driftStartMs";
    static final String DRIFT_RAMP_MS = "driftRampMs";
    static final String DRIFT_GAIN = "driftGain";
    static final String DRIFT_OFFSET = "driftOffset";
    static final String DRIFT_FREQUENCY_FACTOR = "driftFrequencyFactor";
    static final String SOURCE = "source";

    static final String ANOMALY_LABEL = "anomalyLabel";
    static final String DRIFT_LABEL = "driftLabel";

    /** Highest frequency: the Nyquist frequency of millisecond timestamps. */
    static final double MAX_FREQUENCY_HZ = 500;
    static final Set<DataType> VALUE_TYPES = EnumSet.of(DataType.DOUBLE, DataType.FLOAT, DataType.LONG,
            DataType.INTEGER, DataType.BOOLEAN);
    static final List<StatusCode> DROPOUT_CODES = List.of(StatusCode.DEVICE_ERROR, StatusCode.COMMUNICATION_ERROR,
            StatusCode.TIMEOUT);
    private static final double MAX_MS = DriverOptions.MAX_TIME_MS;

    static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(List.of(
            new SettingDescriptor(SIGNAL, "Signal",
                    "Waveform: sine, square, randomWalk, vibration, temperature, constant; or a ground-truth label of "
                            + "the channel named by 'source': anomalyLabel, driftLabel.",
                    DataType.STRING, false, TypedValue.ofString("sine"), signalOptions(), null, null),
            number(AMPLITUDE, "Amplitude", "Scale of the waveform (random walk: half the range it is bounded to).",
                    1.0, 0.0, null),
            number(OFFSET, "Offset", "Value the waveform oscillates around; the constant's value.", 0.0, null, null),
            number(FREQUENCY_HZ, "Frequency (Hz)", "Cycles per second; steps per second for randomWalk. Ignored by "
                    + "temperature (one cycle per day) and constant.", 1.0, 0.0, MAX_FREQUENCY_HZ),
            number(PHASE_DEG, "Phase (degrees)", "Phase shift of periodic waveforms.", 0.0, -360.0, 360.0),
            number(NOISE, "Noise", "Standard deviation of white Gaussian noise added to every sample.", 0.0, 0.0, null),
            integer(HARMONICS, "Harmonics", "vibration: harmonics above the fundamental; harmonic k has amplitude/k.",
                    3, 0, Waveform.MAX_HARMONICS),
            number(DUTY_CYCLE, "Duty cycle", "square: fraction of each period at offset + amplitude.", 0.5, 0.0, 1.0),
            number(STEP_SIZE, "Step size", "randomWalk: standard deviation of one step, in value units.", 0.1, 0.0,
                    null),
            longSetting(SAMPLE_PERIOD_MS, "Sample period (ms)", "Listening delivers one value per period; spikes and "
                    + "random dropouts are drawn once per period.", 1000L, 1.0, 86_400_000.0),
            new SettingDescriptor(SEED, "Seed", "Seed of this channel's random streams. Default: a hash of the driver "
                    + "seed and the channel name.", DataType.LONG, false, null),
            number(SPIKE_PROBABILITY, "Spike probability", "Probability that a sample period has a spike.", 0.0, 0.0,
                    1.0),
            integer(SPIKE_EVERY_N, "Spike every N periods", "A spike in every sample period n with n mod N = 0 "
                    + "(periods counted from the epoch); 0 for none.", 0, 0, null),
            number(SPIKE_MAGNITUDE, "Spike magnitude", "Added to or subtracted from the value (random sign) during a "
                    + "spike.", 5.0, 0.0, null),
            longSetting(STUCK_START_MS, "Stuck start (ms)", "Start of the stuck-value window (see the driver's "
                    + "scheduleOrigin).", 0L, 0.0, MAX_MS),
            longSetting(STUCK_DURATION_MS, "Stuck duration (ms)", "The value freezes for this long; 0 for never.", 0L,
                    0.0, MAX_MS),
            longSetting(STUCK_PERIOD_MS, "Stuck period (ms)", "Repeat the stuck window this often; 0 for once.", 0L,
                    0.0, MAX_MS),
            longSetting(DROPOUT_START_MS, "Dropout start (ms)", "Start of the dropout window (see the driver's "
                    + "scheduleOrigin).", 0L, 0.0, MAX_MS),
            longSetting(DROPOUT_DURATION_MS, "Dropout duration (ms)", "No value can be read for this long; 0 for never.",
                    0L, 0.0, MAX_MS),
            longSetting(DROPOUT_PERIOD_MS, "Dropout period (ms)", "Repeat the dropout window this often; 0 for once.",
                    0L, 0.0, MAX_MS),
            number(DROPOUT_PROBABILITY, "Dropout probability", "Probability that a sample period has no value.", 0.0,
                    0.0, 1.0),
            new SettingDescriptor(DROPOUT_STATUS, "Dropout status", "The error status a dropout reports.",
                    DataType.STRING, false, TypedValue.ofString(StatusCode.DEVICE_ERROR.name()),
                    DROPOUT_CODES.stream().map(c -> TypedValue.ofString(c.name())).collect(Collectors.toList()),
                    null, null),
            new SettingDescriptor(DRIFT_START_MS, "Drift start (ms)", "Concept drift begins here (see the driver's "
                    + "scheduleOrigin); no drift when unset.", DataType.LONG, false, null, List.of(), 0.0, MAX_MS),
            longSetting(DRIFT_RAMP_MS, "Drift ramp (ms)", "The drift grows linearly to its full size over this time; "
                    + "0 for a step change.", 0L, 0.0, MAX_MS),
            number(DRIFT_GAIN, "Drift gain", "Amplitude factor after the drift.", 1.0, 0.0, null),
            number(DRIFT_OFFSET, "Drift offset", "Added to the offset after the drift.", 0.0, null, null),
            number(DRIFT_FREQUENCY_FACTOR, "Drift frequency factor", "Frequency factor after the drift.", 1.0, 0.0,
                    null),
            new SettingDescriptor(SOURCE, "Source channel", "anomalyLabel and driftLabel: the channel whose ground "
                    + "truth this channel reads; it must be read or listened to in the same request.", DataType.STRING,
                    false, null)),
            VALUE_TYPES);

    private ChannelSettings() {
    }

    private static List<TypedValue> signalOptions() {
        List<TypedValue> options = new ArrayList<>();
        for (SignalKind kind : SignalKind.values()) {
            options.add(TypedValue.ofString(kind.settingName()));
        }
        options.add(TypedValue.ofString(ANOMALY_LABEL));
        options.add(TypedValue.ofString(DRIFT_LABEL));
        return options;
    }

    private static SettingDescriptor number(String key, String label, String description, double def,
            @Nullable Double min, @Nullable Double max) {
        return new SettingDescriptor(key, label, description, DataType.DOUBLE, false, TypedValue.ofDouble(def),
                List.of(), min, max);
    }

    private static SettingDescriptor integer(String key, String label, String description, int def, int min,
            @Nullable Integer max) {
        return new SettingDescriptor(key, label, description, DataType.INTEGER, false, TypedValue.ofInteger(def),
                List.of(), (double) min, max == null ? null : max.doubleValue());
    }

    private static SettingDescriptor longSetting(String key, String label, String description, long def, double min,
            double max) {
        return new SettingDescriptor(key, label, description, DataType.LONG, false, TypedValue.ofLong(def), List.of(),
                min, max);
    }

    /**
     * Compiles and validates a channel.
     *
     * @param channel the channel
     * @param driverSeed the driver seed, for channels without their own
     * @param originMs what the channel's start times count from, epoch ms
     * @return the compiled channel, never {@link SimulatedChannel.Kind#INVALID}
     * @throws DriverException naming the channel and the setting if the channel can never be read or written
     */
    static SimulatedChannel compile(Channel channel, long driverSeed, long originMs) throws DriverException {
        Reader in = new Reader(channel);
        if (!VALUE_TYPES.contains(channel.type())) {
            throw in.fail("type " + channel.type() + " is not supported; use one of " + VALUE_TYPES);
        }
        for (String key : channel.settings().keySet()) {
            if (DESCRIPTOR.setting(key) == null) {
                throw in.fail("unknown setting '" + key + "'; known settings: "
                        + DESCRIPTOR.settings().stream().map(SettingDescriptor::key).collect(Collectors.joining(", ")));
            }
        }
        String signalName = in.string(SIGNAL);
        if (ANOMALY_LABEL.equals(signalName) || DRIFT_LABEL.equals(signalName)) {
            return label(channel, in, signalName);
        }
        SignalKind kind = SignalKind.fromSettingName(signalName).orElseThrow(() -> in.fail(SIGNAL,
                "unknown signal '" + signalName + "'; one of " + DESCRIPTOR.setting(SIGNAL).options().stream()
                        .map(TypedValue::stringValue).collect(Collectors.joining(", "))));
        if (kind != SignalKind.CONSTANT && channel.mode() != ChannelMode.READ) {
            throw in.fail("mode " + channel.mode() + " is not possible: a " + signalName
                    + " signal is read-only; only constant channels can be written");
        }
        double amplitude = in.number(AMPLITUDE);
        if (kind == SignalKind.RANDOM_WALK && amplitude == 0) {
            throw in.fail(AMPLITUDE, "must be greater than 0 for a randomWalk (the walk is bounded to offset ± "
                    + "amplitude)");
        }
        double frequencyHz = in.number(FREQUENCY_HZ);
        double frequencyFactor = in.number(DRIFT_FREQUENCY_FACTOR);
        if (kind != SignalKind.TEMPERATURE && frequencyHz * frequencyFactor > MAX_FREQUENCY_HZ) {
            throw in.fail(DRIFT_FREQUENCY_FACTOR, "takes the frequency to " + frequencyHz * frequencyFactor
                    + " Hz, above " + MAX_FREQUENCY_HZ + " Hz");
        }
        Waveform waveform = new Waveform(kind, amplitude, in.number(OFFSET), frequencyHz, in.number(PHASE_DEG),
                in.number(NOISE), (int) in.integral(HARMONICS), in.number(DUTY_CYCLE), in.number(STEP_SIZE));
        Anomalies anomalies = new Anomalies(in.integral(SAMPLE_PERIOD_MS), in.number(SPIKE_PROBABILITY),
                (int) in.integral(SPIKE_EVERY_N), in.number(SPIKE_MAGNITUDE),
                in.window(STUCK_START_MS, STUCK_DURATION_MS, STUCK_PERIOD_MS, originMs),
                in.window(DROPOUT_START_MS, DROPOUT_DURATION_MS, DROPOUT_PERIOD_MS, originMs),
                in.number(DROPOUT_PROBABILITY));
        TypedValue driftStart = in.optional(DRIFT_START_MS);
        Drift drift = driftStart == null ? Drift.NONE
                : new Drift(originMs + in.integral(DRIFT_START_MS), in.integral(DRIFT_RAMP_MS), in.number(DRIFT_GAIN),
                        in.number(DRIFT_OFFSET), frequencyFactor);
        TypedValue seed = in.optional(SEED);
        long channelSeed = seed == null ? Rng.deriveSeed(driverSeed, channel.name()) : in.integral(SEED);
        String status = in.string(DROPOUT_STATUS);
        StatusCode dropoutCode = DROPOUT_CODES.stream().filter(c -> c.name().equals(status)).findFirst()
                .orElseThrow(() -> in.fail(DROPOUT_STATUS, "must be one of " + DROPOUT_CODES + ", got '" + status + "'"));
        Signal signal = new Signal(new SignalSpec(waveform, anomalies, drift, channelSeed));
        return SimulatedChannel.signal(channel, signal, kind == SignalKind.CONSTANT, dropoutCode);
    }

    private static SimulatedChannel label(Channel channel, Reader in, String signalName) throws DriverException {
        if (channel.mode() != ChannelMode.READ) {
            throw in.fail("mode " + channel.mode() + " is not possible: a " + signalName + " channel is read-only");
        }
        TypedValue source = in.optional(SOURCE);
        if (source == null || in.string(SOURCE).isBlank()) {
            throw in.fail(SOURCE, "is required for a " + signalName + " channel: the name of the channel it labels");
        }
        if (source.stringValue().equals(channel.name())) {
            throw in.fail(SOURCE, "must name another channel, not the label channel itself");
        }
        return SimulatedChannel.label(channel, ANOMALY_LABEL.equals(signalName) ? SimulatedChannel.Kind.ANOMALY_LABEL
                : SimulatedChannel.Kind.DRIFT_LABEL, source.stringValue());
    }

    /** Reads typed settings of one channel, with defaults and bounds from the descriptor. */
    private static final class Reader {
        private final Channel channel;

        Reader(Channel channel) {
            this.channel = channel;
        }

        @Nullable
        TypedValue optional(String key) {
            return channel.setting(key);
        }

        private TypedValue valueOrDefault(String key) throws DriverException {
            TypedValue v = channel.setting(key);
            if (v != null) {
                return v;
            }
            TypedValue def = descriptor(key).defaultValue();
            if (def == null) {
                throw fail(key, "is required");
            }
            return def;
        }

        String string(String key) throws DriverException {
            TypedValue v = valueOrDefault(key);
            if (v.type() != DataType.STRING) {
                throw fail(key, "must be a STRING, got " + v);
            }
            return v.stringValue();
        }

        double number(String key) throws DriverException {
            TypedValue v = valueOrDefault(key);
            if (!v.type().isNumeric() || v.type() == DataType.BOOLEAN) {
                throw fail(key, "must be a number, got " + v);
            }
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw fail(key, "must be a finite number, got " + d);
            }
            checkBounds(key, d);
            return d;
        }

        long integral(String key) throws DriverException {
            TypedValue v = valueOrDefault(key);
            long l;
            switch (v.type()) {
                case LONG:
                    l = v.longValue();
                    break;
                case INTEGER:
                    l = v.intValue();
                    break;
                case DOUBLE:
                case FLOAT:
                    double d = v.asDouble();
                    if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
                        throw fail(key, "must be a whole number, got " + d);
                    }
                    l = (long) d;
                    break;
                default:
                    throw fail(key, "must be a whole number, got " + v);
            }
            checkBounds(key, l);
            return l;
        }

        Window window(String startKey, String durationKey, String periodKey, long originMs) throws DriverException {
            long start = integral(startKey);
            long duration = integral(durationKey);
            long period = integral(periodKey);
            if (period > 0 && period <= duration) {
                throw fail(periodKey, "must be greater than " + durationKey + " (" + duration + "), got " + period);
            }
            return duration == 0 ? Window.NONE : new Window(originMs + start, duration, period);
        }

        private void checkBounds(String key, double d) throws DriverException {
            SettingDescriptor s = descriptor(key);
            if (s.min() != null && d < s.min()) {
                throw fail(key, "must be at least " + format(s.min()) + ", got " + format(d));
            }
            if (s.max() != null && d > s.max()) {
                throw fail(key, "must be at most " + format(s.max()) + ", got " + format(d));
            }
        }

        private static String format(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }

        private static SettingDescriptor descriptor(String key) {
            SettingDescriptor s = DESCRIPTOR.setting(key);
            if (s == null) {
                throw new IllegalStateException("no descriptor for " + key);
            }
            return s;
        }

        DriverException fail(String key, String problem) {
            return fail("setting '" + key + "' " + problem);
        }

        DriverException fail(String problem) {
            return new DriverException("channel '" + channel.name() + "': " + problem);
        }
    }
}
