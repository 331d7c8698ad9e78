// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The Kapua topic namespace of one gateway (wire spec §2.1): control topics {@code {prefix}/{account}/{clientId}/...}
 * and data topics {@code {account}/{clientId}/...}. Immutable.
 *
 * @param controlPrefix the control prefix, {@code $EDC} with Kapua
 * @param account the Kapua account name
 * @param clientId the MQTT client id
 */
record KapuaTopics(String controlPrefix, String account, String clientId) {

    /** The app id of the lifecycle topics, ignored as a request app. */
    static final String MQTT_APP = "MQTT";

    KapuaTopics {
        requireLevel("control prefix", controlPrefix);
        requireLevel("account name", account);
        requireLevel("client id", clientId);
    }

    /**
     * Makes a client id acceptable to Kapua: {@code /}, {@code +}, {@code #} and {@code .} become {@code -}, as Kura
     * does, and the other characters Kapua's registry refuses ({@code * & , ? > :}) as well.
     *
     * @param raw a configured or derived id
     * @return the sanitised id, never empty
     * @throws IllegalArgumentException if nothing usable remains
     */
    static String sanitizeClientId(String raw) {
        String id = raw.trim().replaceAll("[/+#.*&,?>:\\s]", "-");
        if (id.isEmpty() || id.length() > 255) {
            throw new IllegalArgumentException("client id must have 1 to 255 characters, was '" + raw + "'");
        }
        return id;
    }

    private static void requireLevel(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('+') >= 0 || value.indexOf('#') >= 0) {
            throw new IllegalArgumentException(what + " must be one non-empty topic level without '/', '+' or '#', "
                    + "was '" + value + "'");
        }
    }

    String birth() {
        return lifecycle("BIRTH");
    }

    String apps() {
        return lifecycle("APPS");
    }

    String disconnect() {
        return lifecycle("DC");
    }

    String lastWill() {
        return lifecycle("LWT");
    }

    private String lifecycle(String kind) {
        return controlPrefix + "/" + account + "/" + clientId + "/" + MQTT_APP + "/" + kind;
    }

    /** @return the filter of every control message addressed to this gateway */
    String controlSubscription() {
        return controlPrefix + "/" + account + "/" + clientId + "/#";
    }

    /**
     * @param semanticTopic a topic relative to the gateway's data namespace
     * @return the full data topic
     */
    String data(String semanticTopic) {
        return account + "/" + clientId + "/" + semanticTopic;
    }

    /**
     * @param fullTopic a topic received on a data subscription
     * @return the part after {@code {account}/{clientId}/}, or {@code null} if the topic is outside this
     *         gateway's data namespace
     */
    @Nullable
    String semanticOf(String fullTopic) {
        String prefix = account + "/" + clientId + "/";
        return fullTopic.startsWith(prefix) && fullTopic.length() > prefix.length()
                ? fullTopic.substring(prefix.length())
                : null;
    }

    /** Spec §3.2: exactly six levels. */
    String reply(String requesterClientId, String appId, String requestId) {
        return controlPrefix + "/" + account + "/" + requesterClientId + "/" + appId + "/REPLY/" + requestId;
    }

    /** Spec §3.3. */
    String notification(String requesterClientId, String appId, String resource) {
        return controlPrefix + "/" + account + "/" + requesterClientId + "/" + appId + "/NOTIFY/" + clientId + "/"
                + resource;
    }

    /**
     * Splits a control topic addressed to this gateway.
     *
     * @param topic a received topic
     * @return the app id and the levels after it, or {@code null} if the topic is not a control topic of this
     *         gateway or has no app level
     */
    @Nullable
    ControlTopic parseControl(String topic) {
        String prefix = controlPrefix + "/" + account + "/" + clientId + "/";
        if (!topic.startsWith(prefix)) {
            return null;
        }
        String[] levels = topic.substring(prefix.length()).split("/", -1);
        if (levels.length == 0 || levels[0].isEmpty()) {
            return null;
        }
        return new ControlTopic(levels[0], List.of(Arrays.copyOfRange(levels, 1, levels.length)));
    }

    /**
     * A control topic after the gateway's own levels.
     *
     * @param appId the app id level
     * @param rest the levels after it (method and resources of a request); may be empty
     */
    record ControlTopic(String appId, List<String> rest) {
    }
}
