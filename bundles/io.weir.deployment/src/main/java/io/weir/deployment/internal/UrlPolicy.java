// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The URL allowlist: a scheme from a fixed list and a host matching one of the globs, case-insensitively. */
final class UrlPolicy {

    private final List<String> schemes;
    private final List<Pattern> hosts;
    private final List<String> hostGlobs;

    UrlPolicy(List<String> schemes, List<String> hostGlobs) {
        this.schemes = schemes.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        this.hostGlobs = hostGlobs.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.hosts = this.hostGlobs.stream().map(UrlPolicy::glob).toList();
    }

    private static Pattern glob(String glob) {
        StringBuilder b = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '*') {
                b.append(".*");
            } else if (c == '?') {
                b.append('.');
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(b.toString());
    }

    /** @return {@code null} if allowed, else why not */
    String check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            return "scheme '" + scheme + "' is not allowed (allowed: " + schemes + ")";
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return "the URL has no host";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (uri.getRawUserInfo() != null) {
            return "credentials in the URL are not allowed; use the request's username and password";
        }
        for (Pattern p : hosts) {
            if (p.matcher(h).matches()) {
                return null;
            }
        }
        return "host '" + host + "' is not allowed (allowed: " + hostGlobs + ")";
    }
}
