// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code command.command} into words, without a shell: no variable, glob, tilde or command expansion, no
 * redirection or pipes ({@code $HOME}, {@code *}, {@code >} and {@code |} are ordinary characters).
 * <ul>
 * <li>Words are separated by whitespace.</li>
 * <li>{@code '...'} quotes everything literally.</li>
 * <li>{@code "..."} quotes everything literally except {@code \"} and {@code \\}.</li>
 * <li>Outside quotes, {@code \} makes the next character literal.</li>
 * <li>Quoted and unquoted parts next to each other form one word; {@code ''} is an empty word.</li>
 * </ul>
 */
final class CommandLine {

    private CommandLine() {
    }

    /**
     * @param line the command line
     * @return the words, possibly none
     * @throws IllegalArgumentException on an unterminated quote or a trailing backslash
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' quote in the command");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated \" quote in the command");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("trailing \\ in the command");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
