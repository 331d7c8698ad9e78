// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the cloud connector, PID {@value CloudConnector#PID}. Names follow the DS rule: {@code _} in a
 * method name becomes {@code .}, so {@code broker_url} is {@code broker.url} and {@code _password} is the private
 * property {@code .password}. Private properties hold secrets: they are never logged. {@link ConfigReader} reads
 * these names and defaults, so the component, the tests and the benchmark share one definition.
 */
@ObjectClassDefinition(name = "Weir cloud connector",
        description = "The MQTT link to Eclipse Kapua or the Weir fleet server: broker, identity, TLS, "
                + "store-and-forward, rate limit and request handling.")
@interface ConnectorConfig {

    // ---- broker and identity

    @AttributeDefinition(name = "Broker URL", required = false,
            description = "mqtt://host:1883, mqtts://host:8883, tcp://, ssl://, ws:// or wss://...; empty = not configured "
                    + "(the connector stays disconnected). Seeded by WEIR_MQTT_URL.")
    String broker_url() default "";

    @AttributeDefinition(name = "Account name", description = "The Kapua account the gateway belongs to; the "
            + "second level of every topic. Seeded by WEIR_ACCOUNT.")
    String account_name() default "weir";

    @AttributeDefinition(name = "Client id", required = false, description = "The MQTT client id, also the device "
            + "id in Kapua. Empty = derived from the host name. '/', '+', '#' and '.' become '-'. Seeded by "
            + "WEIR_CLIENT_ID.")
    String client_id() default "";

    @AttributeDefinition(name = "Username", required = false, description = "MQTT username (a Kapua user). "
            + "Seeded by WEIR_MQTT_USERNAME.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "MQTT password. Stored as the private property .password. Seeded by WEIR_MQTT_PASSWORD.")
    String _password() default "";

    @AttributeDefinition(name = "Display name", required = false,
            description = "display_name in BIRTH; empty = the client id.")
    String display_name() default "";

    @AttributeDefinition(name = "Connect automatically", description = "Connect at start and reconnect after a "
            + "loss.")
    boolean connect_auto() default true;

    // ---- MQTT session

    @AttributeDefinition(name = "Keep-alive (s)", min = "0", max = "65535")
    int keep_alive() default 30;

    @AttributeDefinition(name = "Operation timeout (s)", min = "1", max = "600",
            description = "Connect timeout and the wait for a clean disconnect.")
    int timeout() default 20;

    @AttributeDefinition(name = "Clean session", description = "MQTT clean-session flag. false keeps the broker "
            + "session (subscriptions, queued requests) across reconnects.")
    boolean clean_session() default true;

    @AttributeDefinition(name = "Control prefix", description = "The control topic prefix; Kapua uses $EDC.")
    String control_prefix() default "$EDC";

    @AttributeDefinition(name = "Last will payload", required = false, description = "UTF-8 payload of the LWT.")
    String lwt_payload() default "";

    @AttributeDefinition(name = "Last will QoS", options = { @Option(value = "0"), @Option(value = "1") })
    int lwt_qos() default 0;

    @AttributeDefinition(name = "Reconnect: first delay (ms)", min = "100")
    long reconnect_delay_min() default 1000;

    @AttributeDefinition(name = "Reconnect: maximum delay (ms)", min = "100",
            description = "Delays double from the first delay up to this cap, with random jitter.")
    long reconnect_delay_max() default 60000;

    @AttributeDefinition(name = "Gzip payloads", description = "Compress outgoing payloads when that makes them "
            + "smaller (BIRTH then says accept_encoding=gzip).")
    boolean encode_gzip() default true;

    // ---- TLS

    @AttributeDefinition(name = "TLS trust store", required = false, description = "PKCS12 or JKS file with the CA "
            + "certificates that sign the broker's certificate; empty = the JVM's default trust store.")
    String tls_truststore_path() default "";

    @AttributeDefinition(name = "TLS trust store password", type = AttributeType.PASSWORD, required = false)
    String _tls_truststore_password() default "";

    @AttributeDefinition(name = "TLS client key store", required = false, description = "PKCS12 or JKS file with "
            + "the client certificate and key, for brokers that require one; empty = none.")
    String tls_keystore_path() default "";

    @AttributeDefinition(name = "TLS key store password", type = AttributeType.PASSWORD, required = false)
    String _tls_keystore_password() default "";

    @AttributeDefinition(name = "TLS host name verification", description = "Check that the broker certificate "
            + "names the broker host. Turn off only for test brokers.")
    boolean tls_hostname_verification() default true;

    // ---- store and forward

    @AttributeDefinition(name = "Store file", required = false,
            description = "The store-and-forward file; empty = {weir.data}/cloud/messages.mv.db.")
    String store_path() default "";

    @AttributeDefinition(name = "Store capacity (messages)", min = "1")
    long store_capacity_messages() default 100_000;

    @AttributeDefinition(name = "Store capacity (bytes)", min = "1024")
    long store_capacity_bytes() default 64L * 1024 * 1024;

    @AttributeDefinition(name = "When the store is full", options = {
        @Option(value = "REJECT_NEW", label = "Reject new low-priority messages (error to the publisher)"),
        @Option(value = "EVICT_OLDEST_LOWEST", label = "Evict the oldest lowest-priority message (counted, logged)") })
    String store_full_policy() default "REJECT_NEW";

    @AttributeDefinition(name = "Memory queue capacity (QoS 0 messages)", min = "1",
            description = "QoS 0 messages wait in memory; beyond this they are rejected.")
    int memory_queue_capacity() default 10_000;

    @AttributeDefinition(name = "Maximum payload size (bytes)", min = "1024")
    int max_payload_size() default 16 * 1024 * 1024;

    @AttributeDefinition(name = "In-flight messages", min = "1", max = "1000",
            description = "Most QoS > 0 messages awaiting the broker's acknowledgement.")
    int inflight_max() default 20;

    @AttributeDefinition(name = "Rate limit", description = "Token bucket on messages of the rate-limited "
            + "priorities.")
    boolean rate_limit_enabled() default true;

    @AttributeDefinition(name = "Rate limit: messages per second", min = "0.001")
    double rate_limit_average() default 500;

    @AttributeDefinition(name = "Rate limit: burst", min = "1")
    int rate_limit_burst() default 1000;

    @AttributeDefinition(name = "Rate limit: from priority", min = "0", max = "9",
            description = "Messages of this priority and less urgent are rate limited; more urgent ones never.")
    int rate_limit_min_priority() default 5;

    // ---- requests

    @AttributeDefinition(name = "Request threads", min = "1", max = "32")
    int request_threads() default 2;

    @AttributeDefinition(name = "Request queue", min = "1", max = "10000",
            description = "Requests waiting for a thread; beyond this they are answered 500 (busy).")
    int request_queue() default 64;

    @AttributeDefinition(name = "Apps debounce (ms)", min = "0",
            description = "APPS is sent this long after the last change of the set of request handlers.")
    long apps_debounce() default 1000;
}
