// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import io.weir.fleet.broker.internal.ArtemisSetup;
import io.weir.fleet.broker.internal.DeviceSecurityManager;
import io.weir.fleet.broker.internal.PacketSizeLimit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.MBeanServerFactory;
import org.apache.activemq.artemis.api.core.ActiveMQDisconnectedException;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTStateManager;
import org.apache.activemq.artemis.core.remoting.server.RemotingService;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl;
import org.apache.activemq.artemis.core.server.impl.ServiceRegistryImpl;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded Apache ActiveMQ Artemis broker with one MQTT acceptor (MQTT 3.1, 3.1.1 and 5): the local broker
 * that {@code ./weir up} starts, and the broker of the cloud-link tests.
 *
 * <pre>{@code
 * WeirBroker broker = WeirBroker.builder().port(0).build();   // in memory, anonymous, any free port
 * broker.start();
 * String url = broker.url();                                  // "tcp://127.0.0.1:PORT"
 * broker.stop();
 * broker.start();                                             // again, on the same port
 * }</pre>
 *
 * <p>Topics are plain MQTT: {@code $EDC/...} control topics, the wildcards {@code +} and {@code #} (filters that
 * start with a wildcard do not match topics that start with {@code $}), retained messages, QoS 0, 1 and 2, will
 * messages and persistent sessions all behave as the MQTT specification says. A topic level may contain {@code .}
 * and {@code -}; Artemis escapes them in its internal address names, and subscribers see the topic as published.
 *
 * <p>In-memory brokers keep messages, retained messages and sessions until {@link #stop()}; persistent ones
 * journal them in their data directory and find them again at the next start. Either way at most {@link
 * Builder#globalMaxSize(long) globalMaxSize} bytes of messages are held in memory; beyond that they page to disk
 * (a scratch directory for in-memory brokers, deleted on stop).
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} may be called from any thread.
 */
public final class WeirBroker implements AutoCloseable {

    /** Default {@linkplain Builder#maxMessageBytes(int) largest message}: 32 MiB, room for 16 MiB payloads. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
    /** Default {@linkplain Builder#globalMaxSize(long) memory budget for messages}: 64 MiB. */
    public static final long DEFAULT_GLOBAL_MAX_SIZE = 64L * 1024 * 1024;
    /** Port of {@link #main(String[])} when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 1883;

    private static final Logger LOG = LoggerFactory.getLogger(WeirBroker.class);

    private final String host;
    private final int requestedPort;
    private final @Nullable Path dataDirectory;
    private final @Nullable DeviceSecurity security;
    private final int maxMessageBytes;
    private final long globalMaxSize;

    // guarded by this
    private @Nullable ActiveMQServer server;
    private @Nullable Path scratchDirectory;
    private int boundPort;

    private WeirBroker(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.dataDirectory = b.dataDirectory;
        this.security = b.security;
        this.maxMessageBytes = b.maxMessageBytes;
        this.globalMaxSize = b.globalMaxSize;
    }

    /** @return a builder with the defaults: 127.0.0.1, any free port, in memory, anonymous */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker; does nothing if it is running. After a {@link #stop()} the broker starts again on the
     * port it had (also when it was built with port 0) and, if persistent, with its journal.
     *
     * @throws IllegalStateException if the broker cannot start, for example because the port is taken; the
     *     message names the address
     */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        int port = boundPort > 0 ? boundPort : requestedPort;
        String where = "tcp://" + host + ":" + port;
        Path dir;
        try {
            if (dataDirectory != null) {
                dir = Files.createDirectories(dataDirectory);
            } else {
                dir = Files.createTempDirectory("weir-broker-");
                scratchDirectory = dir;
            }
        } catch (IOException e) {
            throw new IllegalStateException("weir-broker cannot create its directory: " + e, e);
        }
        Configuration config = ArtemisSetup.configuration(host, port, dataDirectory != null, dir, globalMaxSize,
                maxMessageBytes, security != null);
        ServiceRegistryImpl services = new ServiceRegistryImpl();
        services.addIncomingInterceptor(new PacketSizeLimit(maxMessageBytes));
        DeviceSecurityManager securityManager = security == null
                ? null
                : new DeviceSecurityManager(security, config.getWildcardConfiguration());
        // a private MBean server: Artemis wants one, the JVM's platform server would cost memory and start-up
        ActiveMQServer s = new ActiveMQServerImpl(config, MBeanServerFactory.newMBeanServer(), securityManager,
                null, services);
        try {
            s.start();
            Acceptor acceptor = s.getRemotingService().getAcceptor(ArtemisSetup.ACCEPTOR);
            if (acceptor == null || !acceptor.isStarted() || acceptor.getActualPort() <= 0) {
                throw new IllegalStateException("the MQTT acceptor did not start (is the port in use?)");
            }
            boundPort = acceptor.getActualPort();
        } catch (Exception e) {
            stopQuietly(s);
            deleteScratch();
            throw new IllegalStateException("weir-broker cannot listen on " + where + ": " + e.getMessage(), e);
        }
        server = s;
        LOG.info("weir-broker started on {} ({})", url(), dataDirectory == null ? "in memory" : dataDirectory);
    }

    /**
     * Stops the broker and closes every client connection (no will messages are lost: they are published as for
     * any broken connection). Idempotent. An in-memory broker forgets everything.
     */
    public synchronized void stop() {
        ActiveMQServer s = server;
        if (s == null) {
            return;
        }
        server = null;
        stopQuietly(s);
        deleteScratch();
        LOG.info("weir-broker stopped on port {}", boundPort);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return whether the broker is running and accepting connections */
    public synchronized boolean isStarted() {
        ActiveMQServer s = server;
        return s != null && s.isActive();
    }

    /**
     * @return the port the broker listens (or last listened) on
     * @throws IllegalStateException if the broker was built with port 0 and never started
     */
    public synchronized int port() {
        if (boundPort > 0) {
            return boundPort;
        }
        if (requestedPort > 0) {
            return requestedPort;
        }
        throw new IllegalStateException("the port of a broker built with port 0 is known only after start()");
    }

    /** @return the bind address */
    public String host() {
        return host;
    }

    /** @return the MQTT URL, {@code tcp://HOST:PORT}, as Paho and the gateway's settings expect it */
    public String url() {
        return "tcp://" + host + ":" + port();
    }

    /** @return whether the broker journals to a data directory */
    public boolean isPersistent() {
        return dataDirectory != null;
    }

    private static void stopQuietly(ActiveMQServer s) {
        try {
            disconnectClients(s);
            s.stop();
        } catch (Exception e) {
            LOG.warn("weir-broker did not stop cleanly", e);
        }
    }

    /**
     * Closes every client connection and waits (up to 5 s) until Artemis has cleaned up their sessions and published
     * their wills. Stopping the server with clients still connected makes that cleanup race with the shutdown of
     * Artemis' own executors, which logs errors and may lose the wills.
     */
    private static void disconnectClients(ActiveMQServer s) throws Exception {
        RemotingService remoting = s.getRemotingService();
        if (remoting == null || !s.isActive()) {
            return;
        }
        remoting.pauseAcceptors();
        for (RemotingConnection c : remoting.getConnections()) {
            c.fail(new ActiveMQDisconnectedException("weir-broker is stopping"));
        }
        // an MQTT client is gone once its connection is closed and its session cleaned up (the last step)
        Map<String, ?> mqttClients = MQTTStateManager.getInstance(s).getConnectedClients();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((!remoting.getConnections().isEmpty() || !mqttClients.isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling Artemis' connection sets, with a deadline
        }
    }

    private void deleteScratch() {
        Path dir = scratchDirectory;
        scratchDirectory = null;
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("weir-broker could not delete its scratch directory {}", dir, e);
        }
    }

    /** Options of a {@link WeirBroker}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private @Nullable Path dataDirectory;
        private @Nullable DeviceSecurity security;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private long globalMaxSize = DEFAULT_GLOBAL_MAX_SIZE;

        private Builder() {
        }

        /**
         * @param host the address to listen on; default {@code 127.0.0.1} (use {@code 0.0.0.0} for every
         *     interface)
         * @return this builder
         */
        public Builder host(String host) {
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /**
         * @param port the port to listen on, 0 (the default) for any free port; {@link WeirBroker#port()} tells
         *     which
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param dataDirectory where to journal messages, retained messages, sessions and subscriptions, so that
         *     they survive a restart; created if missing. {@code null} (the default): in memory.
         * @return this builder
         */
        public Builder dataDirectory(@Nullable Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /**
         * @param security per-device authentication and access control; {@code null} (the default): every client
         *     may connect, anonymously or with any credentials, and use every topic
         * @return this builder
         */
        public Builder deviceSecurity(@Nullable DeviceSecurity security) {
            this.security = security;
            return this;
        }

        /**
         * @param bytes the largest message payload accepted; a client publishing a larger one is disconnected.
         *     Default {@value WeirBroker#DEFAULT_MAX_MESSAGE_BYTES}.
         * @return this builder
         */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /**
         * @param bytes how many bytes of messages the broker keeps in memory before it pages them to disk. Default
         *     {@value WeirBroker#DEFAULT_GLOBAL_MAX_SIZE}.
         * @return this builder
         */
        public Builder globalMaxSize(long bytes) {
            if (bytes < 64 * 1024) {
                throw new IllegalArgumentException("globalMaxSize must be at least 65536, was " + bytes);
            }
            this.globalMaxSize = bytes;
            return this;
        }

        /** @return a broker with these options, not started */
        public WeirBroker build() {
            return new WeirBroker(this);
        }
    }

    /**
     * Runs a broker until the process is terminated (SIGTERM or Ctrl-C stop it cleanly).
     *
     * <pre>
     * java -jar weir-broker.jar [--host 127.0.0.1] [--port 1883] [--data DIR]
     * </pre>
     *
     * Prints {@code weir-broker ready on tcp://HOST:PORT} on standard output once clients can connect. Exits with
     * status 2 on bad arguments, 1 if the broker cannot start.
     *
     * @param args the options above; {@code --port 0} picks a free port
     */
    public static void main(String[] args) {
        Builder builder = builder().port(DEFAULT_PORT);
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--host" -> builder.host(value(args, ++i, arg));
                    case "--port" -> builder.port(parsePort(value(args, ++i, arg)));
                    case "--data" -> builder.dataDirectory(Path.of(value(args, ++i, arg)));
                    case "--help", "-h" -> {
                        usage(System.out);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("weir-broker: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        WeirBroker broker = builder.build();
        try {
            broker.start();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "weir-broker-shutdown"));
        System.out.println("weir-broker ready on " + broker.url());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return Objects.requireNonNull(args[i]);
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, was '" + s + "'");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: weir-broker [--host ADDRESS] [--port PORT] [--data DIR]");
        out.println("  --host  address to listen on (default 127.0.0.1)");
        out.println("  --port  MQTT port, 0 for any free one (default " + DEFAULT_PORT + ")");
        out.println("  --data  journal directory; without it the broker keeps everything in memory");
    }
}
