// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.weir.cloud.store.FullPolicy;
import io.weir.cloud.store.StoreOptions;

/** Turns configuration properties (PID {@value CloudConnector#PID}) into {@link CloudService.Options}. */
public final class OptionsFactory {

    private OptionsFactory() {
    }

    /**
     * @param properties the configuration, by property name (see {@link ConnectorConfig}); missing ones take the
     *        defaults
     * @param dataDir the gateway's data directory, where the store lives unless {@code store.path} says otherwise
     * @param frameworkName the OSGi framework's name, for BIRTH
     * @param frameworkVersion its version
     * @param weirVersion the connector's version
     * @return the options
     * @throws IllegalArgumentException naming the property if a value is invalid
     */
    public static CloudService.Options from(Map<String, ?> properties, Path dataDir, String frameworkName,
            String frameworkVersion, String weirVersion) {
        ConfigReader c = new ConfigReader(properties);
        String url = c.string("broker_url");
        if (!url.isEmpty()) {
            BrokerUrls.toPaho(url); // validates
        }
        String clientId = c.string("client_id");
        clientId = KapuaTopics.sanitizeClientId(clientId.isEmpty() ? defaultClientId() : clientId);
        KapuaTopics topics = new KapuaTopics(c.string("control_prefix"), c.string("account_name"), clientId);
        String display = c.string("display_name");
        int maxPayload = c.intBetween("max_payload_size", 1024, 256 * 1024 * 1024);
        TlsSettings tls = null;
        if (BrokerUrls.isTls(url)) {
            String trust = c.string("tls_truststore_path");
            String keys = c.string("tls_keystore_path");
            tls = new TlsSettings(trust.isEmpty() ? null : Path.of(trust), emptyToNull(c.secret("_tls_truststore_password")),
                    keys.isEmpty() ? null : Path.of(keys), emptyToNull(c.secret("_tls_keystore_password")),
                    c.bool("tls_hostname_verification"));
        }
        long minDelay = c.longBetween("reconnect_delay_min", 100, 3_600_000);
        long maxDelay = c.longBetween("reconnect_delay_max", minDelay, 3_600_000);
        int lwtQos = c.intBetween("lwt_qos", 0, 1);
        DataService.Settings data = new DataService.Settings(url, clientId, emptyToNull(c.string("username")),
                emptyToNull(c.secret("_password")), c.intBetween("keep_alive", 0, 65535),
                c.intBetween("timeout", 1, 600), c.bool("clean_session"), topics.lastWill(),
                c.string("lwt_payload").getBytes(StandardCharsets.UTF_8), lwtQos, minDelay, maxDelay,
                c.intBetween("inflight_max", 1, 1000), c.intBetween("memory_queue_capacity", 1, 10_000_000), maxPayload,
                c.bool("rate_limit_enabled"), c.doubleAtLeast("rate_limit_average", 0.001),
                c.intBetween("rate_limit_burst", 1, 10_000_000), c.intBetween("rate_limit_min_priority", 0, 9), tls);
        String policy = c.string("store_full_policy").toUpperCase(Locale.ROOT);
        FullPolicy fullPolicy;
        try {
            fullPolicy = FullPolicy.valueOf(policy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store.full.policy must be REJECT_NEW or EVICT_OLDEST_LOWEST, was '"
                    + policy + "'");
        }
        StoreOptions d = StoreOptions.defaults();
        StoreOptions store = new StoreOptions(c.longBetween("store_capacity_messages", 1, Long.MAX_VALUE),
                c.longBetween("store_capacity_bytes", 1024, Long.MAX_VALUE), fullPolicy, d.controlPriorityMax(),
                d.controlHeadroomMessages(), d.controlHeadroomBytes(), d.ackFlushMillis());
        String storePath = c.string("store_path");
        Path storeFile = storePath.isEmpty() ? dataDir.resolve("cloud").resolve("messages.mv.db") : Path.of(storePath);
        return new CloudService.Options(topics, c.bool("encode_gzip"), display.isEmpty() ? clientId : display,
                storeFile, store, data, c.intBetween("request_threads", 1, 32), c.intBetween("request_queue", 1, 10_000),
                c.longBetween("apps_debounce", 0, 3_600_000), c.bool("connect_auto") && !url.isEmpty(), frameworkName,
                frameworkVersion, weirVersion);
    }

    private static String defaultClientId() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank() && !host.equals("localhost")) {
                return host;
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        return "weir-gateway";
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static char[] emptyToNull(char[] s) {
        return s.length == 0 ? null : s;
    }
}
