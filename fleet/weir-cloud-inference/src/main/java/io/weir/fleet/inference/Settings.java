// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.nio.file.Path;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link CloudInferenceService} connects and works. Immutable; build one with {@link #builder(String, Path)}.
 *
 * @param brokerUrl the MQTT broker, {@code tcp://host:port} (or {@code ssl://...})
 * @param account the Kapua account whose devices are served: requests are read from {@code {account}/+/W1/OFFLOAD-V1/+}
 * @param clientId this service's MQTT client id; results carry it as {@code requester.client.id}, and gateways reply
 *     to {@code $EDC/{account}/{clientId}/OFFLOAD-V1/REPLY/...}
 * @param username MQTT user name, or {@code null} to connect anonymously. With Kapua it must be a user with
 *     {@code device_management:write} and {@code datastore:read} in the account (a device user may neither read
 *     other devices' data topics nor send them requests)
 * @param password MQTT password, or {@code null}; never printed by {@link #toString()}
 * @param modelsDirectory the directory whose {@code *.jar} model bundles become the services {@code inference/<model>}
 * @param maxBytes the largest request body (the encoded input tensors) accepted, in bytes; a larger body gets the
 *     result ERROR. The whole request payload may be {@value #ENVELOPE_BYTES} bytes larger (metrics); what is
 *     larger still is not decoded at all and is dropped.
 * @param workers inference threads: how many requests are computed at the same time
 * @param queueCapacity how many accepted requests may wait for a worker; one more gets the result ERROR {@code busy}
 * @param intraOpThreads ONNX Runtime threads per inference call (each model session has its own pool)
 */
public record Settings(String brokerUrl, String account, String clientId, @Nullable String username,
        @Nullable String password, Path modelsDirectory, int maxBytes, int workers, int queueCapacity,
        int intraOpThreads) {

    /** Default {@linkplain #account() account}: {@value}, the account of {@code ./weir up}'s gateway. */
    public static final String DEFAULT_ACCOUNT = "weir";
    /** Default {@linkplain #clientId() client id}: {@value}. */
    public static final String DEFAULT_CLIENT_ID = "weir-cloud-inference";
    /** Default {@linkplain #maxBytes() body limit}: {@value} bytes (4 MiB). */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
    /** Default {@linkplain #queueCapacity() queue capacity}: {@value}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 256;
    /** Room for the metrics of a request on top of {@link #maxBytes()}: {@value} bytes. */
    public static final int ENVELOPE_BYTES = 64 * 1024;

    /**
     * Checks every setting.
     *
     * @param brokerUrl see {@link #brokerUrl()}
     * @param account see {@link #account()}
     * @param clientId see {@link #clientId()}
     * @param username see {@link #username()}
     * @param password see {@link #password()}
     * @param modelsDirectory see {@link #modelsDirectory()}
     * @param maxBytes see {@link #maxBytes()}
     * @param workers see {@link #workers()}
     * @param queueCapacity see {@link #queueCapacity()}
     * @param intraOpThreads see {@link #intraOpThreads()}
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public Settings {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        if (!brokerUrl.matches("(tcp|ssl|ws|wss)://.+")) {
            throw new IllegalArgumentException("broker must be a URL like tcp://host:1883, was '" + brokerUrl + "'");
        }
        topicLevel("account", account);
        topicLevel("client id", clientId);
        Objects.requireNonNull(modelsDirectory, "modelsDirectory");
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - ENVELOPE_BYTES) {
            throw new IllegalArgumentException("max bytes must be 1.." + (Integer.MAX_VALUE - ENVELOPE_BYTES)
                    + ", was " + maxBytes);
        }
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be 1..1024, was " + workers);
        }
        if (queueCapacity < 1 || queueCapacity > 1_000_000) {
            throw new IllegalArgumentException("queue capacity must be 1..1000000, was " + queueCapacity);
        }
        if (intraOpThreads < 1 || intraOpThreads > 256) {
            throw new IllegalArgumentException("intra-op threads must be 1..256, was " + intraOpThreads);
        }
    }

    private static void topicLevel(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.contains("/") || value.contains("+") || value.contains("#")) {
            throw new IllegalArgumentException(what + " must be one non-empty MQTT topic level without / + #, was '"
                    + value + "'");
        }
    }

    /**
     * @param brokerUrl see {@link #brokerUrl()}
     * @param modelsDirectory see {@link #modelsDirectory()}
     * @return a builder with the defaults: account {@value #DEFAULT_ACCOUNT}, client id {@value #DEFAULT_CLIENT_ID},
     *     anonymous, {@value #DEFAULT_MAX_BYTES} bytes, as many workers and intra-op threads as the machine has
     *     cores, queue {@value #DEFAULT_QUEUE_CAPACITY}
     */
    public static Builder builder(String brokerUrl, Path modelsDirectory) {
        return new Builder(brokerUrl, modelsDirectory);
    }

    /** @return the settings, the password masked */
    @Override
    public String toString() {
        return "Settings[broker=" + brokerUrl + ", account=" + account + ", clientId=" + clientId + ", username="
                + username + ", password=" + (password == null ? "none" : "***") + ", models=" + modelsDirectory
                + ", maxBytes=" + maxBytes + ", workers=" + workers + ", queue=" + queueCapacity
                + ", intraOpThreads=" + intraOpThreads + "]";
    }

    /** Builds {@link Settings}. Not thread-safe. */
    public static final class Builder {
        private final String brokerUrl;
        private final Path modelsDirectory;
        private String account = DEFAULT_ACCOUNT;
        private String clientId = DEFAULT_CLIENT_ID;
        private @Nullable String username;
        private @Nullable String password;
        private int maxBytes = DEFAULT_MAX_BYTES;
        private int workers = Runtime.getRuntime().availableProcessors();
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int intraOpThreads = Runtime.getRuntime().availableProcessors();

        private Builder(String brokerUrl, Path modelsDirectory) {
            this.brokerUrl = brokerUrl;
            this.modelsDirectory = modelsDirectory;
        }

        /** @param value see {@link Settings#account()} @return this builder */
        public Builder account(String value) {
            this.account = value;
            return this;
        }

        /** @param value see {@link Settings#clientId()} @return this builder */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /**
         * @param user see {@link Settings#username()}
         * @param pass see {@link Settings#password()}
         * @return this builder
         */
        public Builder credentials(@Nullable String user, @Nullable String pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        /** @param value see {@link Settings#maxBytes()} @return this builder */
        public Builder maxBytes(int value) {
            this.maxBytes = value;
            return this;
        }

        /** @param value see {@link Settings#workers()} @return this builder */
        public Builder workers(int value) {
            this.workers = value;
            return this;
        }

        /** @param value see {@link Settings#queueCapacity()} @return this builder */
        public Builder queueCapacity(int value) {
            this.queueCapacity = value;
            return this;
        }

        /** @param value see {@link Settings#intraOpThreads()} @return this builder */
        public Builder intraOpThreads(int value) {
            this.intraOpThreads = value;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException naming a setting that is wrong
         */
        public Settings build() {
            return new Settings(brokerUrl, account, clientId, username, password, modelsDirectory, maxBytes, workers,
                    queueCapacity, intraOpThreads);
        }
    }
}
