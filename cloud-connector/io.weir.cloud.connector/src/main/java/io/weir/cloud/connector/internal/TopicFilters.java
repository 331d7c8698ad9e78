// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

/** MQTT topic filters: validation and matching (MQTT 3.1.1 §4.7). */
final class TopicFilters {

    private TopicFilters() {
    }

    /**
     * @param filter a filter such as {@code a/+/c/#}
     * @throws IllegalArgumentException if {@code +} or {@code #} do not stand for whole levels, {@code #} is not last,
     *         or a level is empty
     */
    static void validate(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("topic filter must not be empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if (l.isEmpty()) {
                throw new IllegalArgumentException("topic filter '" + filter + "' has an empty level");
            }
            if ((l.contains("+") && !l.equals("+")) || (l.contains("#") && !l.equals("#"))) {
                throw new IllegalArgumentException("in topic filter '" + filter + "', '+' and '#' must be whole "
                        + "levels");
            }
            if (l.equals("#") && i != levels.length - 1) {
                throw new IllegalArgumentException("in topic filter '" + filter + "', '#' must be the last level");
            }
        }
    }

    /**
     * @param filter a valid filter
     * @param topic a topic name
     * @return whether the topic matches the filter
     */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
