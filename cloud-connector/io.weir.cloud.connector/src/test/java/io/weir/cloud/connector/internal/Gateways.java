// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.weir.cloud.ConnectionState;
import io.weir.cloud.RequestHandler;

/** Test helpers: a {@link CloudService} wired like the DS component would, and polling. */
final class Gateways {

    static final String ACCOUNT = "acme";

    private Gateways() {
    }

    /**
     * @param url the broker URL
     * @param clientId the gateway's client id
     * @param dir a directory for the store
     * @param extra configuration properties overriding the test defaults
     * @return a started service (connecting)
     */
    static CloudService start(String url, String clientId, Path dir, Map<String, ?> extra) throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put("broker.url", url);
        p.put("account.name", ACCOUNT);
        p.put("client.id", clientId);
        p.put("reconnect.delay.min", 200L);
        p.put("reconnect.delay.max", 2000L);
        p.put("apps.debounce", 200L);
        p.put("rate.limit.enabled", false);
        p.put("timeout", 5);
        p.putAll(extra);
        return new CloudService(OptionsFactory.from(p, dir, "org.apache.felix.framework", "7.0.5", "0.1.0.test"));
    }

    static CloudService start(String url, String clientId, Path dir) throws IOException {
        return start(url, clientId, dir, Map.of());
    }

    static void register(CloudService s, String appId, RequestHandler handler, long serviceId) {
        s.dispatcher().register(new RequestDispatcher.Registration(appId, handler, 0, serviceId));
    }

    static void awaitConnected(CloudService s) {
        await(() -> s.status().state() == ConnectionState.CONNECTED, Duration.ofSeconds(30),
                () -> "not connected: " + s.status());
    }

    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + message.get());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
