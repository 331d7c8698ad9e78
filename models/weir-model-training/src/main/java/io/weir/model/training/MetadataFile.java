// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Map;

/**
 * Writes metadata as a {@code .properties} text that {@link java.util.Properties#load(java.io.Reader)} and {@link
 * java.util.Properties#load(java.io.InputStream)} both read back exactly: one {@code key=value} line per entry in
 * the map's order, a fixed comment and no timestamp (unlike {@link java.util.Properties#store}), so that equal
 * metadata gives equal bytes. Characters outside printable ASCII are written as {@code \}{@code uXXXX} escapes,
 * so the text is ASCII and therefore also UTF-8.
 */
final class MetadataFile {

    private MetadataFile() {
    }

    /**
     * @param comment one line of comment, printable ASCII
     * @param metadata the entries, in the order to write
     * @return the file's text, lines ending in {@code \n}
     */
    static String format(String comment, Map<String, String> metadata) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(comment).append('\n');
        metadata.forEach((key, value) -> {
            escape(key, true, b);
            b.append('=');
            escape(value, false, b);
            b.append('\n');
        });
        return b.toString();
    }

    private static void escape(String s, boolean key, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                case '=', ':', '#', '!' -> {
                    if (key) {
                        b.append('\\');
                    }
                    b.append(c);
                }
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
