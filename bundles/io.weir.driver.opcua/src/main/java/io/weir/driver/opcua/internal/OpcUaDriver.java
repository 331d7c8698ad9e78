// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.osgi.framework.BundleContext;
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

/**
 * The OPC UA driver: one instance per factory configuration, i.e. per server connection.
 *
 * <p>Immediate, so that an invalid configuration fails activation as soon as it is applied (and shows in the
 * DS runtime and the health endpoint) rather than when an asset first gets the service. Activation is cheap: it
 * only validates the configuration and allocates (unstarted) thread pools; the first read,
 * write, connect or listen opens the connection. Deactivation closes the session (bounded wait) and stops every
 * thread. A configuration change restarts the component (no {@code @Modified}): a new endpoint, security or
 * identity needs a new session anyway.
 */
@Component(service = Driver.class, configurationPid = OpcUaDriver.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = OpcUaDriverConfig.class, factory = true)
@DriverProtocol("opcua")
public final class OpcUaDriver implements Driver {

    /** Factory PID of the driver configurations. */
    public static final String PID = "io.weir.driver.opcua";

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaDriver.class);
    private static final long SHUTDOWN_WAIT_MS = 5000;

    private final DriverSettings settings;
    private final DriverThreads threads;
    private final Listeners listeners;
    private final MonitoredItems items;
    private final OpcUaConnection connection;
    private final Requests requests;

    /**
     * Validates the configuration; starts nothing.
     *
     * @param config the factory configuration
     * @param context this bundle's context, for the data area (generated certificate, default trust list)
     * @throws IllegalArgumentException naming the PID and attribute if the configuration is invalid
     */
    @Activate
    public OpcUaDriver(OpcUaDriverConfig config, BundleContext context) {
        settings = DriverSettings.from(config);
        Path instance = dataArea(context).resolve(settings.fileSafeName());
        Path trust = settings.trustListDirectory() != null ? settings.trustListDirectory() : instance.resolve("pki");
        threads = new DriverThreads(settings.fileSafeName());
        listeners = new Listeners(threads.worker, settings.name());
        items = new MonitoredItems(settings, threads, listeners);
        TrustDirectoryValidator validator = new TrustDirectoryValidator(trust, settings.acceptUntrusted(),
                settings.name());
        ConnectAttempt attempts = new ConnectAttempt(settings, threads, new ClientCertificates(settings, instance),
                validator);
        connection = new OpcUaConnection(settings, threads, attempts, items);
        requests = new Requests(settings, connection);
        LOG.info("{} configured; connects on first use", settings);
    }

    /** Closes the session (bounded wait), forgets the listeners and stops every thread. */
    @Deactivate
    void deactivate() {
        listeners.clear();
        connection.close(SHUTDOWN_WAIT_MS / 2);
        threads.shutdown(SHUTDOWN_WAIT_MS / 2);
        LOG.info("OPC UA driver {} stopped", settings.name());
    }

    @Override
    public ChannelDescriptor channelDescriptor() {
        return ChannelSettings.DESCRIPTOR;
    }

    @Override
    public void validate(Channel channel) throws DriverException {
        ChannelSettings.parse(Objects.requireNonNull(channel, "channel"));
    }

    @Override
    public DriverStatus connect() {
        return requests.connect();
    }

    @Override
    public void disconnect() {
        connection.disconnect();
    }

    @Override
    public List<ChannelResult> read(List<Channel> channels) {
        return requests.read(Objects.requireNonNull(channels, "channels"));
    }

    @Override
    public List<ChannelResult> write(List<ChannelWrite> writes) {
        return requests.write(Objects.requireNonNull(writes, "writes"));
    }

    @Override
    public void listen(List<Channel> channels, ChannelListener listener) throws DriverException {
        Objects.requireNonNull(listener, "listener");
        if (Objects.requireNonNull(channels, "channels").isEmpty()) {
            throw new IllegalArgumentException("no channels to listen to");
        }
        List<ChannelSettings> parsed = new ArrayList<>();
        for (Channel c : channels) {
            if (!c.mode().canRead()) {
                throw new DriverException("channel " + c.name() + " is write-only and cannot be listened to");
            }
            parsed.add(ChannelSettings.parse(c));
        }
        List<Listeners.Registration> added = listeners.add(channels, parsed, listener);
        DriverStatus down = connection.current() == null ? connection.lastFailure() : null;
        if (down != null) {
            long now = System.currentTimeMillis();
            added.forEach(r -> listeners.deliverError(r, down, now));
        }
        items.update();
        connection.wantConnection(true);
    }

    @Override
    public void unlisten(ChannelListener listener) {
        if (listeners.remove(Objects.requireNonNull(listener, "listener"))) {
            items.update();
        }
    }

    private static Path dataArea(BundleContext context) {
        File data = context.getDataFile("");
        return data != null ? data.toPath()
                : Path.of(System.getProperty("java.io.tmpdir"), "weir-opcua-" + context.getBundle().getBundleId());
    }
}
