// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads list and number values of a model's metadata. {@code io.weir.inference.ModelMetadata} writes lists
 * comma-separated ({@code a,b,c}); JSON arrays ({@code ["a", "b"]}, {@code [1.0, 2.5]}) are accepted too, because
 * the descriptor allows structured values as JSON text. Used when a model version is bound, never per record.
 */
final class MetadataValues {

    private MetadataValues() {
    }

    /**
     * @param text the metadata value, or {@code null}
     * @return the entries, trimmed and unquoted; {@code null} if the text is {@code null} or blank
     * @throws IllegalArgumentException if an entry is empty
     */
    static String @Nullable [] strings(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        if (t.isEmpty()) {
            return null;
        }
        List<String> result = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            String p = part.trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1).trim();
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("has an empty entry in '" + text + "'");
            }
            result.add(p);
        }
        return result.toArray(new String[0]);
    }

    /**
     * @param text the metadata value, or {@code null}
     * @return the numbers; {@code null} if the text is {@code null} or blank
     * @throws IllegalArgumentException if an entry is not a finite number
     */
    static double @Nullable [] doubles(@Nullable String text) {
        String[] parts = strings(text);
        if (parts == null) {
            return null;
        }
        double[] result = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            result[i] = number(parts[i]);
        }
        return result;
    }

    /**
     * @param text one number
     * @return its value
     * @throws IllegalArgumentException if it is not a finite number
     */
    static double number(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number", e);
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("'" + text + "' is not a finite number");
        }
        return v;
    }
}
