// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reads and validates one node's typed configuration. Every failure becomes an {@link IllegalArgumentException}
 * naming the stage and the attribute, as {@link io.weir.pipeline.StageFactory#create} requires, for example
 * {@code inference stage 'score' of pipeline 'line1': invalid configuration 'driftWindow': must be between 10 and
 * 1000000, was 5}.
 *
 * <p>The OSGi Converter converts lazily, so a missing or unconvertible value surfaces only when its method is called;
 * {@link #get} turns that into the same message. Used only while a stage is created.
 */
final class ConfigReader {

    private final String where;

    ConfigReader(String where) {
        this.where = where;
    }

    IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException(where + ": invalid configuration '" + attribute + "': " + problem);
    }

    <T> T get(String attribute, Supplier<T> read) {
        T value;
        try {
            value = read.get();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            throw invalid(attribute, message.startsWith("No value for property") ? "is required" : message);
        }
        if (value == null) {
            throw invalid(attribute, "is required");
        }
        return value;
    }

    /** @return the trimmed string, which may be empty */
    String text(String attribute, Supplier<String> read) {
        return get(attribute, read).trim();
    }

    String required(String attribute, Supplier<String> read) {
        String v = text(attribute, read);
        if (v.isEmpty()) {
            throw invalid(attribute, "is required");
        }
        return v;
    }

    String oneOf(String attribute, Supplier<String> read, String... allowed) {
        String value = text(attribute, read).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw invalid(attribute, "'" + value + "' is not one of " + String.join(", ", allowed));
    }

    int intBetween(String attribute, Supplier<Integer> read, int min, int max) {
        int v = get(attribute, read);
        if (v < min || v > max) {
            throw invalid(attribute, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    long atLeast(String attribute, Supplier<Long> read, long min) {
        long v = get(attribute, read);
        if (v < min) {
            throw invalid(attribute, "must be >= " + min + ", was " + v);
        }
        return v;
    }
}
