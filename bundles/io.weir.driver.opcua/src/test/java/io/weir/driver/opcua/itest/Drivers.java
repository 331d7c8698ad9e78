// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.Driver;

/**
 * Test helpers: OPC UA driver instances made from factory configurations through Config Admin (as an operator
 * or the Configurator would), channels, and a recording listener.
 */
final class Drivers implements AutoCloseable {

    static final String PID = "io.weir.driver.opcua";
    static final long TIMEOUT_MS = 15_000;

    private final BundleContext context;
    private final ConfigurationAdmin cm;
    private final List<Configuration> created = new ArrayList<>();

    Drivers(BundleContext context, ConfigurationAdmin cm) {
        this.context = context;
        this.cm = cm;
    }

    /**
     * @param name the weir.driver.name
     * @param url the endpoint URL
     * @param more further properties as key, value pairs
     * @return the configuration properties with fast test timeouts
     */
    static Dictionary<String, Object> props(String name, String url, Object... more) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("weir.driver.name", name);
        p.put("endpointUrl", url);
        p.put("connectTimeoutMs", 3000L);
        p.put("requestTimeoutMs", 3000L);
        p.put("publishingIntervalMs", 100L);
        p.put("reconnectBackoffMinMs", 200L);
        p.put("reconnectBackoffMaxMs", 1000L);
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    /**
     * Creates (or updates) the factory configuration named {@code props.weir.driver.name} and waits for its
     * Driver service.
     */
    Driver create(Dictionary<String, Object> props) throws Exception {
        String name = (String) props.get("weir.driver.name");
        Configuration c = cm.getFactoryConfiguration(PID, name, "?");
        if (!created.contains(c)) {
            created.add(c);
        }
        c.update(props);
        return await(name, ref -> props.get("endpointUrl").equals(ref.getProperty("endpointUrl")));
    }

    /** Deletes the configuration of {@code name} and waits until its service is gone. */
    void delete(String name) throws Exception {
        Configuration c = cm.getFactoryConfiguration(PID, name, "?");
        created.remove(c);
        c.delete();
        eventually(() -> reference(name) == null, "service of driver " + name + " unregistered");
    }

    /** @return the service reference of the named driver, or null */
    ServiceReference<Driver> reference(String name) {
        try {
            var refs = context.getServiceReferences(Driver.class, "(weir.driver.name=" + name + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Driver await(String name, Predicate<ServiceReference<Driver>> matches) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<Driver> ref = reference(name);
            if (ref != null && matches.test(ref)) {
                Driver d = context.getService(ref);
                if (d != null) {
                    return d;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no Driver service for " + name + " within " + TIMEOUT_MS + " ms");
    }

    @Override
    public void close() throws Exception {
        List<String> names = new ArrayList<>();
        for (Configuration c : new ArrayList<>(created)) {
            try {
                names.add(String.valueOf(c.getProperties().get("weir.driver.name")));
                c.delete();
            } catch (IllegalStateException e) {
                // already deleted
            }
        }
        created.clear();
        // wait for the deactivations, so that one test's driver never outlives its server
        for (String name : names) {
            eventually(() -> reference(name) == null, "driver " + name + " gone");
        }
    }

    /**
     * Polls a condition until it holds (a state to reach, not a timing assertion).
     *
     * @param condition the condition
     * @param what description for the failure message
     */
    static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.get()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached within " + TIMEOUT_MS + " ms: " + what);
            }
            Thread.sleep(25);
        }
    }

    /**
     * Reads until the result satisfies {@code done}, e.g. until a restarted server answers.
     *
     * @return the last result
     */
    static ChannelResult readUntil(Driver driver, Channel channel, Predicate<ChannelResult> done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS * 2;
        ChannelResult r;
        while (!done.test(r = driver.read(List.of(channel)).get(0))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("read of " + channel.name() + " never satisfied the condition; last: " + r);
            }
            Thread.sleep(50);
        }
        return r;
    }

    static Channel channel(String name, DataType type, ChannelMode mode, String nodeId, Object... settings) {
        Map<String, TypedValue> s = new java.util.LinkedHashMap<>();
        s.put("nodeId", TypedValue.ofString(nodeId));
        for (int i = 0; i < settings.length; i += 2) {
            Object v = settings[i + 1];
            s.put((String) settings[i], v instanceof Long ? TypedValue.ofLong((Long) v)
                    : TypedValue.ofString(String.valueOf(v)));
        }
        return new Channel(name, type, mode, s);
    }

    /** A listener that records every result in order. */
    static final class Recorder implements ChannelListener {
        final BlockingQueue<ChannelResult> results = new LinkedBlockingQueue<>();
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onChannelResult(ChannelResult result) {
            threads.add(Thread.currentThread().getName());
            results.add(result);
        }

        /** @return the next result that satisfies {@code p}, skipping others; fails after the timeout */
        ChannelResult next(Predicate<ChannelResult> p, String what) throws InterruptedException {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (true) {
                long left = deadline - System.currentTimeMillis();
                ChannelResult r = left > 0 ? results.poll(left, TimeUnit.MILLISECONDS) : null;
                if (r == null) {
                    throw new AssertionError("no listener result within " + TIMEOUT_MS + " ms: " + what);
                }
                if (p.test(r)) {
                    return r;
                }
            }
        }
    }

    static void assertOk(ChannelResult r) {
        assertThat(r.isOk()).as("%s", r).isTrue();
    }
}
