// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.jspecify.annotations.Nullable;

/**
 * The validated, immutable form of one {@link OpcUaDriverConfig}. Built in the component constructor, so an
 * invalid configuration fails activation with a message naming the PID and the attribute.
 *
 * <p>{@link #toString()} leaves out the secrets.
 *
 * @param name the driver instance name
 * @param endpointUrl the opc.tcp URL
 * @param securityPolicy None or Basic256Sha256
 * @param securityMode the message security mode matching the policy
 * @param username the user name, empty for anonymous
 * @param password the password, never logged
 * @param keyStore the configured PKCS#12 key store, or {@code null} to use (and create) the generated one
 * @param keyStorePassword the key store password, never logged
 * @param keyAlias the key alias, empty for the first key entry
 * @param trustListDirectory the configured trust list directory, or {@code null} for the default
 * @param acceptUntrusted whether any server certificate is accepted (development only)
 * @param connectTimeoutMs connect time limit
 * @param requestTimeoutMs request time limit
 * @param publishingIntervalMs requested subscription publishing interval
 * @param backoffMinMs first reconnect backoff
 * @param backoffMaxMs reconnect backoff cap
 */
record DriverSettings(String name, String endpointUrl, SecurityPolicy securityPolicy,
        MessageSecurityMode securityMode, String username, String password, @Nullable Path keyStore,
        String keyStorePassword, String keyAlias, @Nullable Path trustListDirectory, boolean acceptUntrusted,
        long connectTimeoutMs, long requestTimeoutMs, long publishingIntervalMs, long backoffMinMs,
        long backoffMaxMs) {

    /**
     * @param config the component configuration
     * @return the validated settings
     * @throws IllegalArgumentException naming the PID and attribute if a value is invalid
     */
    static DriverSettings from(OpcUaDriverConfig config) {
        String name = trim(config.weir_driver_name());
        if (name.isEmpty()) {
            throw invalid("weir.driver.name", "must not be empty");
        }
        String url = trim(config.endpointUrl());
        checkEndpointUrl(url);
        SecurityPolicy policy = policy(trim(config.securityPolicy()));
        MessageSecurityMode mode = mode(trim(config.messageSecurityMode()));
        if ((policy == SecurityPolicy.None) != (mode == MessageSecurityMode.None)) {
            throw invalid("messageSecurityMode", "'" + mode + "' does not go with securityPolicy '"
                    + policy.name() + "': use None with None, and Sign or SignAndEncrypt with a security policy");
        }
        String username = trim(config.username());
        String password = config._password() == null ? "" : config._password();
        if (username.isEmpty() && !password.isEmpty()) {
            throw invalid("username", "a password is set but no user name");
        }
        long connectTimeout = atLeast("connectTimeoutMs", config.connectTimeoutMs(), 100);
        long requestTimeout = atLeast("requestTimeoutMs", config.requestTimeoutMs(), 100);
        long publishing = atLeast("publishingIntervalMs", config.publishingIntervalMs(), 10);
        long backoffMin = atLeast("reconnectBackoffMinMs", config.reconnectBackoffMinMs(), 10);
        long backoffMax = atLeast("reconnectBackoffMaxMs", config.reconnectBackoffMaxMs(), 10);
        if (backoffMax < backoffMin) {
            throw invalid("reconnectBackoffMaxMs", backoffMax + " is below reconnectBackoffMinMs " + backoffMin);
        }
        return new DriverSettings(name, url, policy, mode, username, password,
                path("keyStorePath", config.keyStorePath()),
                config._keyStorePassword() == null ? "" : config._keyStorePassword(), trim(config.keyAlias()),
                path("trustListDirectory", config.trustListDirectory()),
                config.acceptUntrustedServerCertificates(), connectTimeout, requestTimeout, publishing, backoffMin,
                backoffMax);
    }

    /** @return {@code true} if the connection signs (and maybe encrypts), so certificates are needed */
    boolean secured() {
        return securityPolicy != SecurityPolicy.None;
    }

    /**
     * @return the application URI this client announces; it is also the URI in the generated certificate
     */
    String defaultApplicationUri() {
        return "urn:weir:opcua-client:" + fileSafeName();
    }

    /**
     * @return the instance name reduced to characters that are safe in file names and URIs
     */
    String fileSafeName() {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    @Override
    public String toString() {
        return "OPC UA driver " + name + " (" + endpointUrl + ", " + securityPolicy.name() + "/" + securityMode
                + (username.isEmpty() ? ", anonymous" : ", user " + username) + ")";
    }

    private static void checkEndpointUrl(String url) {
        if (url.isEmpty()) {
            throw invalid("endpointUrl", "must not be empty");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("endpointUrl", "'" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"opc.tcp".equalsIgnoreCase(uri.getScheme())) {
            throw invalid("endpointUrl", "'" + url + "' must start with opc.tcp://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("endpointUrl", "'" + url + "' has no host");
        }
        if (uri.getPort() > 65535) {
            throw invalid("endpointUrl", "'" + url + "' has an invalid port");
        }
    }

    private static SecurityPolicy policy(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "none":
                return SecurityPolicy.None;
            case "basic256sha256":
                return SecurityPolicy.Basic256Sha256;
            default:
                throw invalid("securityPolicy", "'" + value + "' is not supported; use None or Basic256Sha256");
        }
    }

    private static MessageSecurityMode mode(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "none":
                return MessageSecurityMode.None;
            case "sign":
                return MessageSecurityMode.Sign;
            case "signandencrypt":
                return MessageSecurityMode.SignAndEncrypt;
            default:
                throw invalid("messageSecurityMode", "'" + value + "' is not one of None, Sign, SignAndEncrypt");
        }
    }

    private static long atLeast(String attribute, long value, long min) {
        if (value < min) {
            throw invalid(attribute, value + " is below the minimum " + min);
        }
        return value;
    }

    private static @Nullable Path path(String attribute, @Nullable String value) {
        String v = trim(value);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            throw invalid(attribute, "'" + v + "' is not a valid path: " + e.getMessage());
        }
    }

    private static String trim(@Nullable String value) {
        return value == null ? "" : value.trim();
    }

    private static IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException(OpcUaDriver.PID + ": " + attribute + " " + problem);
    }
}
