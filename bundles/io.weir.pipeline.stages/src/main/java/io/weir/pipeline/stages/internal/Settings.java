// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import io.weir.pipeline.StageContext;

/**
 * Reads and validates one node's typed configuration. Every failure becomes an {@link IllegalArgumentException}
 * naming the stage and the attribute, as {@link io.weir.pipeline.StageFactory#create(StageContext)} requires.
 *
 * <p>The OSGi Converter behind {@link StageContext#config(Class)} converts lazily, so a missing required value or
 * an unconvertible one surfaces only when its method is called; {@link #get(String, Supplier)} turns that into
 * the same message. Used only while a stage is created, never per record.
 */
final class Settings {

    private final String where;

    Settings(StageContext context, String stageType) {
        this.where = where(context, stageType);
    }

    /** @return the label used in every message of a stage: {@code ewma stage 'smooth' of pipeline 'p1'} */
    static String where(StageContext context, String stageType) {
        return stageType + " stage '" + context.stageId() + "' of pipeline '" + context.pipelineName() + "'";
    }

    String where() {
        return where;
    }

    IllegalArgumentException invalid(String attribute, String problem) {
        return new IllegalArgumentException(where + ": invalid configuration '" + attribute + "': " + problem);
    }

    /** Reads one attribute; a missing or unconvertible value becomes an IllegalArgumentException naming it. */
    <T> T get(String attribute, Supplier<T> read) {
        T value;
        try {
            value = read.get();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            throw invalid(attribute, message.startsWith("No value for property") ? "is required" : message);
        }
        if (value == null) {
            throw invalid(attribute, "is required");
        }
        return value;
    }

    /** Reads a list of channel names: no blank or duplicate names; at least one unless {@code mayBeEmpty}. */
    String[] channels(String attribute, Supplier<String[]> read, boolean mayBeEmpty) {
        String[] names = get(attribute, read).clone();
        if (names.length == 0 && !mayBeEmpty) {
            throw invalid(attribute, "at least one channel is required");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw invalid(attribute, "a channel name is empty");
            }
            if (!seen.add(name)) {
                throw invalid(attribute, "channel '" + name + "' is listed twice");
            }
        }
        return names;
    }

    /** Reads a string that must be one of {@code allowed} (case-insensitive); returns it in lower case. */
    String oneOf(String attribute, Supplier<String> read, String... allowed) {
        String value = get(attribute, read).trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        throw invalid(attribute, "'" + value + "' is not one of " + String.join(", ", allowed));
    }

    double finite(String attribute, Supplier<Double> read) {
        double v = get(attribute, read);
        if (!Double.isFinite(v)) {
            throw invalid(attribute, "must be a finite number, was " + v);
        }
        return v;
    }

    double positive(String attribute, Supplier<Double> read) {
        double v = finite(attribute, read);
        if (v <= 0) {
            throw invalid(attribute, "must be > 0, was " + v);
        }
        return v;
    }

    double atLeast(String attribute, Supplier<Double> read, double min) {
        double v = finite(attribute, read);
        if (v < min) {
            throw invalid(attribute, "must be >= " + min + ", was " + v);
        }
        return v;
    }

    int intBetween(String attribute, Supplier<Integer> read, int min, int max) {
        int v = get(attribute, read);
        if (v < min || v > max) {
            throw invalid(attribute, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    long longBetween(String attribute, Supplier<Long> read, long min, long max) {
        long v = get(attribute, read);
        if (v < min || v > max) {
            throw invalid(attribute, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    LatePolicy late(Supplier<String> read) {
        return LatePolicy.of(oneOf("late", read, "drop", "dead-letter"));
    }
}
