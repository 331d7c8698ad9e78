// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Broker URL forms: Kura's {@code mqtt://} and {@code mqtts://}, Paho's {@code tcp://} and {@code ssl://}, and MQTT
 * over WebSocket {@code ws://} and {@code wss://} (the path is kept, default {@code /mqtt}).
 */
final class BrokerUrls {

    private BrokerUrls() {
    }

    /**
     * Checks a configured URL and turns it into Paho's form.
     *
     * @param url {@code mqtt://host[:port][/]}, {@code mqtts://...}, {@code tcp://...} or {@code ssl://...}
     * @return {@code tcp://host:port} or {@code ssl://host:port}
     * @throws IllegalArgumentException with the reason if the URL is not usable
     */
    static String toPaho(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker URL '" + redact(url) + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean tls;
        boolean websocket = scheme.equals("ws") || scheme.equals("wss");
        switch (scheme) {
            case "mqtt", "tcp", "ws" -> tls = false;
            case "mqtts", "ssl", "wss" -> tls = true;
            default -> throw new IllegalArgumentException("broker URL '" + redact(url)
                    + "' must start with mqtt://, mqtts://, tcp://, ssl://, ws:// or wss://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("broker URL '" + redact(url) + "' has no host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("broker URL must not contain credentials; use the username and "
                    + "password properties");
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                : uri.getHost();
        if (websocket) {
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/mqtt" : uri.getRawPath();
            return scheme + "://" + host + ":" + port + path;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 8883 : 1883;
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** @return whether the URL asks for TLS */
    static boolean isTls(String url) {
        String u = url.trim().toLowerCase(java.util.Locale.ROOT);
        return u.startsWith("mqtts://") || u.startsWith("ssl://") || u.startsWith("wss://");
    }

    /**
     * @param url a URL as configured
     * @return the URL without any user-info part, safe to log
     */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}
