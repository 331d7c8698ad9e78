// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.driver.Channel;
import io.weir.driver.ChannelDescriptor;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverException;
import io.weir.driver.DriverProtocol;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * The Modbus TCP driver: one component instance per device connection (factory PID {@value #PID}).
 *
 * <p>Reads are planned by {@link ReadPlanner} (adjacent channels share one request) and run by {@link
 * BlockReader}; values are converted by {@link RegisterCodec}; the connection, its backoff and the classification of failures live in {@link ModbusLink}. All
 * device I/O runs on the caller's thread under one fair lock per instance, so requests to the device never
 * overlap; the driver starts no threads. Activation does no I/O: the first read or write connects.
 */
@Component(name = ModbusDriver.PID, configurationPid = ModbusDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class)
@Designate(ocd = ModbusDriverConfig.class, factory = true)
@DriverProtocol("modbus")
public final class ModbusDriver implements Driver {

    /** Factory PID of the driver configurations; stable, stored in configurations. */
    static final String PID = "io.weir.driver.modbus";

    private static final Logger LOG = LoggerFactory.getLogger(ModbusDriver.class);

    private final String name;
    private final boolean alwaysWriteMultiple;
    private final long lockWaitMs;
    private final ReadPlanner planner;
    private final ModbusLink link;
    private final BlockReader reader;
    /** Serialises all device I/O of this instance. Fair, so that no caller starves. */
    private final ReentrantLock deviceLock = new ReentrantLock(true);
    private volatile boolean closed;

    /**
     * Checks the configuration and prepares the connection without opening it.
     *
     * @param config the factory configuration
     * @throws IllegalArgumentException naming the PID and attribute if the configuration is invalid
     */
    @Activate
    public ModbusDriver(ModbusDriverConfig config) {
        name = required(config.weir_driver_name(), "weir.driver.name");
        String host = required(config.host(), "host");
        check(config.port() >= 1 && config.port() <= 65535, "port", config.port(), "1-65535");
        check(config.unitId() >= 0 && config.unitId() <= 255, "unitId", config.unitId(), "0-255");
        check(config.connectTimeoutMs() > 0, "connectTimeoutMs", config.connectTimeoutMs(), "> 0");
        check(config.responseTimeoutMs() > 0, "responseTimeoutMs", config.responseTimeoutMs(), "> 0");
        check(config.reconnectBackoffInitialMs() > 0, "reconnectBackoffInitialMs", config.reconnectBackoffInitialMs(),
                "> 0");
        check(config.reconnectBackoffMaxMs() >= config.reconnectBackoffInitialMs(), "reconnectBackoffMaxMs",
                config.reconnectBackoffMaxMs(), ">= reconnectBackoffInitialMs");
        check(config.maxRegistersPerRequest() >= 4 && config.maxRegistersPerRequest() <= 125,
                "maxRegistersPerRequest", config.maxRegistersPerRequest(), "4-125");
        check(config.maxBitsPerRequest() >= 1 && config.maxBitsPerRequest() <= 2000, "maxBitsPerRequest",
                config.maxBitsPerRequest(), "1-2000");
        check(config.maxGapToMerge() >= 0, "maxGapToMerge", config.maxGapToMerge(), ">= 0");
        alwaysWriteMultiple = config.alwaysWriteMultiple();
        lockWaitMs = (long) config.connectTimeoutMs() + 2L * config.responseTimeoutMs();
        planner = new ReadPlanner(config.maxRegistersPerRequest(), config.maxBitsPerRequest(), config.maxGapToMerge());
        link = new ModbusLink(name, host, config.port(), config.unitId(), config.connectTimeoutMs(),
                config.responseTimeoutMs(), new Backoff(config.reconnectBackoffInitialMs(),
                        config.reconnectBackoffMaxMs()));
        reader = new BlockReader(name, link);
        LOG.info("Modbus driver '{}' configured for {}:{} unit {}", name, host, config.port(), config.unitId());
    }

    /** Closes the connection (aborting a request in progress) and refuses further requests. Idempotent. */
    @Deactivate
    void deactivate() {
        closed = true;
        link.close();
        LOG.info("Modbus driver '{}' stopped", name);
    }

    @Override
    public ChannelDescriptor channelDescriptor() {
        return ChannelSettings.DESCRIPTOR;
    }

    @Override
    public void validate(Channel channel) throws DriverException {
        ChannelSettings.checkMode(channel, ChannelSettings.parse(Objects.requireNonNull(channel, "channel")));
    }

    @Override
    public DriverStatus connect() {
        DriverStatus refused = acquire();
        if (refused != null) {
            return refused;
        }
        try {
            return link.connect();
        } finally {
            deviceLock.unlock();
        }
    }

    @Override
    public void disconnect() {
        if (acquire() == null) {
            try {
                link.disconnect();
            } finally {
                deviceLock.unlock();
            }
        }
    }

    @Override
    public List<ChannelResult> read(List<Channel> channels) {
        int n = channels.size();
        ChannelResult[] results = new ChannelResult[n];
        ChannelSpec[] specs = new ChannelSpec[n];
        List<ReadPlanner.Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Channel channel = Objects.requireNonNull(channels.get(i), "channel");
            if (!channel.mode().canRead()) {
                results[i] = error(channel, StatusCode.UNSUPPORTED, "channel mode WRITE cannot be read");
                continue;
            }
            try {
                ChannelSpec spec = ChannelSettings.parse(channel);
                specs[i] = spec;
                items.add(new ReadPlanner.Item(i, spec.kind(), spec.address(), spec.length()));
            } catch (DriverException e) {
                results[i] = error(channel, StatusCode.INVALID_CHANNEL, e.getMessage());
            }
        }
        if (!items.isEmpty()) {
            List<ReadPlanner.Block> blocks = planner.plan(items);
            DriverStatus refused = acquire();
            if (refused != null) {
                items.forEach(item -> results[item.index()] = ChannelResult.error(channels.get(item.index()).name(),
                        refused, System.currentTimeMillis()));
            } else {
                try {
                    reader.read(blocks, channels, specs, results);
                } finally {
                    deviceLock.unlock();
                }
            }
        }
        return List.of(results);
    }

    @Override
    public List<ChannelResult> write(List<ChannelWrite> writes) {
        int n = writes.size();
        ChannelResult[] results = new ChannelResult[n];
        Object[] encoded = new Object[n];
        ChannelSpec[] specs = new ChannelSpec[n];
        boolean anyToSend = false;
        for (int i = 0; i < n; i++) {
            ChannelWrite write = Objects.requireNonNull(writes.get(i), "write");
            Channel channel = write.channel();
            if (!channel.mode().canWrite()) {
                results[i] = error(channel, StatusCode.UNSUPPORTED, "channel mode READ cannot be written");
                continue;
            }
            try {
                ChannelSpec spec = ChannelSettings.parse(channel);
                if (!spec.kind().isWritable()) {
                    results[i] = error(channel, StatusCode.UNSUPPORTED, spec.kind() + " is read-only");
                    continue;
                }
                specs[i] = spec;
                encoded[i] = spec.kind().isBit() ? (Object) RegisterCodec.toBit(write.value())
                        : RegisterCodec.encode(spec, write.value());
                anyToSend = true;
            } catch (DriverException e) {
                results[i] = error(channel, StatusCode.INVALID_CHANNEL, e.getMessage());
            } catch (ConversionException e) {
                results[i] = error(channel, StatusCode.TYPE_MISMATCH, e.getMessage());
            }
        }
        if (anyToSend) {
            DriverStatus refused = acquire();
            try {
                for (int i = 0; i < n; i++) {
                    if (results[i] == null) {
                        results[i] = send(writes.get(i), specs[i], encoded[i], refused);
                    }
                }
            } finally {
                if (refused == null) {
                    deviceLock.unlock();
                }
            }
        }
        return List.of(results);
    }

    /** Modbus has no change notifications: channels are sampled by the asset. */
    @Override
    public void listen(List<Channel> channels, ChannelListener listener) throws DriverException {
        throw new DriverException("Modbus TCP has no change notifications: sample the channels instead "
                + "(asset samplingPeriodMs > 0)");
    }

    @Override
    public void unlisten(ChannelListener listener) {
        // nothing is ever registered
    }

    private ChannelResult send(ChannelWrite write, ChannelSpec spec, Object encoded, @Nullable DriverStatus refused) {
        Channel channel = write.channel();
        if (refused != null) {
            return ChannelResult.error(channel.name(), refused, System.currentTimeMillis());
        }
        try {
            if (encoded instanceof Boolean bit) {
                link.writeCoil(spec.address(), bit, alwaysWriteMultiple);
            } else {
                link.writeRegisters(spec.address(), (int[]) encoded, alwaysWriteMultiple);
            }
            LOG.debug("Modbus driver '{}': wrote {} to {} {} ({})", name, write.value(), spec.kind(), spec.address(),
                    encoded instanceof int[] words ? Arrays.toString(words) : encoded);
            return ChannelResult.ok(channel.name(), write.value(), System.currentTimeMillis());
        } catch (DeviceFault f) {
            return error(channel, f.status());
        }
    }

    /** @return {@code null} if the device lock is now held, else why the request cannot run */
    private @Nullable DriverStatus acquire() {
        if (closed) {
            return deactivated();
        }
        try {
            if (!deviceLock.tryLock(lockWaitMs, TimeUnit.MILLISECONDS)) {
                return DriverStatus.error(StatusCode.TIMEOUT, "device busy: other requests to it took longer than "
                        + lockWaitMs + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "interrupted while waiting for the device");
        }
        if (closed) {
            deviceLock.unlock();
            return deactivated();
        }
        return null;
    }

    private DriverStatus deactivated() {
        return DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "Modbus driver '" + name + "' is deactivated");
    }

    static ChannelResult error(Channel channel, StatusCode code, String message) {
        return error(channel, DriverStatus.error(code, message));
    }

    static ChannelResult error(Channel channel, DriverStatus status) {
        return ChannelResult.error(channel.name(), status, System.currentTimeMillis());
    }

    private static String required(@Nullable String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PID + ": attribute " + attribute + " is required");
        }
        return value.trim();
    }

    private static void check(boolean ok, String attribute, long value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(PID + ": attribute " + attribute + " = " + value + " is not "
                    + allowed);
        }
    }
}
