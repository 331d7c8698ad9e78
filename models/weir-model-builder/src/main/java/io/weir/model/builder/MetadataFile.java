// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metadata file of a model bundle: a properties file in UTF-8 (as {@link Properties#load(Reader)} reads it),
 * one {@code key=value} line per entry in key order, no comment and no timestamp, so that the same entries give
 * the same bytes.
 */
final class MetadataFile {

    private MetadataFile() {
    }

    /**
     * @param entries the entries, written in key order
     * @return the file's bytes
     */
    static byte[] write(SortedMap<String, String> entries) {
        StringBuilder b = new StringBuilder();
        entries.forEach((key, value) -> {
            escape(b, key, true);
            b.append('=');
            escape(b, value, false);
            b.append('\n');
        });
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param file the file's bytes
     * @param what what to call the file in messages
     * @return its entries, in key order
     * @throws IllegalArgumentException when the file is not UTF-8 or not a properties file
     */
    static SortedMap<String, String> read(byte[] file, String what) {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8.newDecoder())) {
            p.load(r);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not UTF-8: " + e, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a properties file: " + e.getMessage(), e);
        }
        SortedMap<String, String> out = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, p.getProperty(key));
        }
        return out;
    }

    /** Escapes as {@link Properties#store} does, but keeps non-ASCII text and, in values, {@code = : # !}. */
    private static void escape(StringBuilder b, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case '\\' -> b.append("\\\\");
                case '=', ':', '#', '!' -> {
                    if (key) {
                        b.append('\\');
                    }
                    b.append(c);
                }
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
