// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

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
 * The simulated driver: one factory configuration per simulated device. Its channels produce deterministic,
 * seedable signals with injected anomalies and drift (see {@link ChannelSettings} and the module README).
 *
 * <p>Immediate, so that an invalid configuration fails activation (and shows in the DS runtime and {@code
 * /health}) as soon as it arrives, not when an asset first uses the driver. Activation only validates and
 * allocates: the listening thread starts with the first listener. Reads and writes never block. Deactivation
 * ends every listener registration and stops the thread.
 */
@Component(name = SimulatedDriver.PID, configurationPid = SimulatedDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Driver.class, immediate = true)
@Designate(ocd = SimulatedDriverConfig.class, factory = true)
@DriverProtocol(SimulatedDriver.PROTOCOL)
public final class SimulatedDriver implements Driver {

    /** The factory PID (and component name): {@value}. */
    public static final String PID = "io.weir.driver.simulated";
    /** The protocol name: {@value}. */
    public static final String PROTOCOL = "simulated";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDriver.class);

    private final DriverOptions options;
    private final DriverClock clock;
    private final SimulatedDevice device;
    private final Subscriptions subscriptions;
    private final AtomicBoolean connected = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param config the configuration
     * @throws IllegalArgumentException naming the PID and attribute if the configuration is invalid
     */
    @Activate
    public SimulatedDriver(SimulatedDriverConfig config) {
        this(DriverOptions.from(config), System::currentTimeMillis, System::nanoTime);
    }

    /**
     * @param options the validated configuration
     * @param wallMs the wall clock
     * @param nanos the monotonic clock
     */
    SimulatedDriver(DriverOptions options, LongSupplier wallMs, LongSupplier nanos) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = new DriverClock(options.clockStartMs(), options.timeScale(), wallMs, nanos);
        long origin = options.scheduleOrigin() == ScheduleOrigin.EPOCH ? 0 : clock.startMs();
        this.device = new SimulatedDevice(options, origin);
        // deliveries pause while disconnected; an unavailable device never connects, and its listeners get a
        // COMMUNICATION_ERROR result per sample instead
        this.subscriptions = new Subscriptions(options.name(), clock, device,
                () -> connected.get() || !device.isAvailable());
        LOG.info("Simulated driver '{}' active (seed {}, schedule origin {} = {} ms, clock {}, time scale {}{})",
                options.name(), options.seed(), options.scheduleOrigin(), origin,
                clock.isRealTime() ? "wall" : "from " + clock.startMs(), options.timeScale(),
                options.available() ? "" : ", device unavailable");
    }

    /** Ends every listener registration and stops the listening thread. Idempotent. */
    @Deactivate
    public void deactivate() {
        if (closed) {
            return;
        }
        closed = true;
        connected.set(false);
        subscriptions.close();
        LOG.info("Simulated driver '{}' deactivated", options.name());
    }

    @Override
    public ChannelDescriptor channelDescriptor() {
        return ChannelSettings.DESCRIPTOR;
    }

    @Override
    public void validate(Channel channel) throws DriverException {
        device.validate(Objects.requireNonNull(channel, "channel"));
    }

    @Override
    public DriverStatus connect() {
        if (closed) {
            return DriverStatus.error(StatusCode.COMMUNICATION_ERROR,
                    "simulated driver '" + options.name() + "' is deactivated");
        }
        if (!device.isAvailable()) {
            return device.unavailableStatus();
        }
        if (connected.compareAndSet(false, true)) {
            LOG.info("Simulated driver '{}' connected", options.name());
        }
        return DriverStatus.OK;
    }

    @Override
    public void disconnect() {
        if (connected.compareAndSet(true, false)) {
            LOG.info("Simulated driver '{}' disconnected", options.name());
        }
    }

    /** @return whether the simulated connection is open (explicitly, or lazily by a read, write or listen) */
    public boolean isConnected() {
        return connected.get();
    }

    @Override
    public List<ChannelResult> read(List<Channel> channels) {
        long t = clock.now();
        List<ChannelResult> results = new ArrayList<>(channels.size());
        DriverStatus status = connect();
        for (int i = 0; i < channels.size(); i++) {
            Channel channel = channels.get(i);
            results.add(status.isOk() ? device.read(channel, channels, t)
                    : ChannelResult.error(channel.name(), status, t));
        }
        return results;
    }

    @Override
    public List<ChannelResult> write(List<ChannelWrite> writes) {
        long t = clock.now();
        List<ChannelResult> results = new ArrayList<>(writes.size());
        DriverStatus status = connect();
        for (ChannelWrite w : writes) {
            results.add(status.isOk() ? device.write(w, t) : ChannelResult.error(w.channel().name(), status, t));
        }
        return results;
    }

    @Override
    public void listen(List<Channel> channels, ChannelListener listener) throws DriverException {
        Objects.requireNonNull(listener, "listener");
        subscriptions.listen(channels, listener);
        connect();
    }

    @Override
    public void unlisten(ChannelListener listener) {
        subscriptions.unlisten(listener);
    }

    /** @return the driver's current time, epoch ms (the timestamp a read now would carry) */
    long now() {
        return clock.now();
    }

    /** @return the number of live listener registrations */
    int registrationCount() {
        return subscriptions.registrationCount();
    }

    @Override
    public String toString() {
        return "SimulatedDriver[" + options.name() + "]";
    }
}
