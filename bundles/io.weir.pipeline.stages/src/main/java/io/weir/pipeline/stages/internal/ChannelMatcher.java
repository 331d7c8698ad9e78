// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Matches channel names against exact names and prefixes ({@code vib_*}). Immutable. */
final class ChannelMatcher {

    private final Set<String> exact;
    private final String[] prefixes;

    private ChannelMatcher(Set<String> exact, String[] prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /**
     * @param patterns exact names, or prefixes ending in {@code *}; a {@code *} elsewhere is rejected
     * @param settings for the error message
     * @param attribute for the error message
     */
    static ChannelMatcher of(String[] patterns, Settings settings, String attribute) {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        for (String p : patterns) {
            int star = p.indexOf('*');
            if (star < 0) {
                exact.add(p);
            } else if (star == p.length() - 1) {
                prefixes.add(p.substring(0, star));
            } else {
                throw settings.invalid(attribute, "'" + p + "': '*' is only allowed at the end (a prefix)");
            }
        }
        return new ChannelMatcher(Set.copyOf(exact), prefixes.toArray(new String[0]));
    }

    boolean matches(String channel) {
        if (exact.contains(channel)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (channel.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
