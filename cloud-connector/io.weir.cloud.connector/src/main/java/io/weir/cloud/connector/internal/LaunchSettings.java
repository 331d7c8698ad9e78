// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the cloud connector's configuration from launch-time settings, for container and service deployments:
 *
 * <table>
 * <caption>Launch settings</caption>
 * <tr><th>Environment</th><th>System property</th><th>Configuration property</th></tr>
 * <tr><td>WEIR_MQTT_URL</td><td>weir.mqtt.url</td><td>broker.url</td></tr>
 * <tr><td>WEIR_ACCOUNT</td><td>weir.account</td><td>account.name</td></tr>
 * <tr><td>WEIR_CLIENT_ID</td><td>weir.client.id</td><td>client.id</td></tr>
 * <tr><td>WEIR_MQTT_USERNAME</td><td>weir.mqtt.username</td><td>username</td></tr>
 * <tr><td>WEIR_MQTT_PASSWORD</td><td>weir.mqtt.password</td><td>.password (private)</td></tr>
 * </table>
 *
 * <p>A system property wins over the environment. The values <em>seed</em> the configuration: they are written when
 * they differ from the values seeded last time (a salted fingerprint is kept in the configuration, never the values
 * themselves), so a change made later in the console or over CONF-V1/V2 stays until the launch settings change.
 */
@Component(immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE, service = {})
public final class LaunchSettings {

    private static final Logger LOG = LoggerFactory.getLogger(LaunchSettings.class);
    static final String FINGERPRINT = "weir.launch.fingerprint";
    static final String SALT = "weir.launch.salt";

    /** Launch setting → configuration property, in order. */
    static final Map<String, String> SETTINGS = new LinkedHashMap<>();

    static {
        SETTINGS.put("weir.mqtt.url", "broker.url");
        SETTINGS.put("weir.account", "account.name");
        SETTINGS.put("weir.client.id", "client.id");
        SETTINGS.put("weir.mqtt.username", "username");
        SETTINGS.put("weir.mqtt.password", ".password");
    }

    @Activate
    public LaunchSettings(@Reference ConfigurationAdmin configAdmin) {
        Map<String, String> values = read(System::getProperty, System::getenv);
        if (values.isEmpty()) {
            return;
        }
        try {
            apply(configAdmin, values);
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot seed the cloud configuration from the launch settings {}: {}", values.keySet(),
                    e.toString());
        }
    }

    /**
     * @param properties system properties
     * @param environment environment variables
     * @return configuration property → value for every launch setting that is set and not blank
     */
    static Map<String, String> read(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        SETTINGS.forEach((property, configKey) -> {
            String env = property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
            String v = properties.apply(property);
            if (v == null || v.isBlank()) {
                v = environment.apply(env);
            }
            if (v != null && !v.isBlank()) {
                values.put(configKey, v.trim());
            }
        });
        return values;
    }

    /**
     * Writes the values unless they were the ones seeded last time.
     *
     * @return whether the configuration was written
     */
    static boolean apply(ConfigurationAdmin configAdmin, Map<String, String> values) throws IOException {
        Configuration c = configAdmin.getConfiguration(CloudConnector.PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        Hashtable<String, Object> next = new Hashtable<>();
        if (props != null) {
            for (var keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                next.put(k, props.get(k));
            }
        }
        String salt = next.get(SALT) instanceof String s ? s : newSalt();
        String fingerprint = fingerprint(salt, values);
        if (fingerprint.equals(next.get(FINGERPRINT))) {
            return false;
        }
        next.putAll(values);
        next.put(SALT, salt);
        next.put(FINGERPRINT, fingerprint);
        c.update(next);
        LOG.info("Cloud configuration seeded from the launch settings: {}", values.keySet());
        return true;
    }

    private static String newSalt() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String fingerprint(String salt, Map<String, String> values) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt.getBytes(StandardCharsets.UTF_8));
            values.forEach((k, v) -> {
                d.update(k.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(v.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            });
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
