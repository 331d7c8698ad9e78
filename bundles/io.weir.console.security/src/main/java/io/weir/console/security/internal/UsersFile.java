// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console users, read from the users file and re-read when the file changes, so a password set by the
 * launcher or an administrator applies without a restart. A line is
 * {@code name:pbkdf2-sha256:iterations:base64(salt):base64(hash):role,role}; blank lines and lines starting
 * with {@code #} are ignored. A malformed line is skipped and reported by line number, never by content.
 */
final class UsersFile {

    private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);

    /** One user; the hash is never exposed. */
    static final class User {
        final String name;
        final Set<String> roles;
        private final int iterations;
        private final byte[] salt;
        private final byte[] hash;

        User(String name, Set<String> roles, int iterations, byte[] salt, byte[] hash) {
            this.name = name;
            this.roles = roles;
            this.iterations = iterations;
            this.salt = salt;
            this.hash = hash;
        }

        boolean verify(char[] password) {
            return PasswordHash.matches(password, salt, iterations, hash);
        }
    }

    private final Path file;
    private volatile Map<String, User> users = Map.of();
    private volatile FileTime loaded;
    private volatile boolean missingReported;

    UsersFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** @return the user, or {@code null}; reloads the file first if it changed */
    User find(String name) {
        refresh();
        return users.get(name);
    }

    int size() {
        refresh();
        return users.size();
    }

    private synchronized void refresh() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            if (!missingReported) {
                LOG.error("Console users file {} does not exist: nobody can log in to the console", file);
                missingReported = true;
            }
            users = Map.of();
            loaded = null;
            return;
        } catch (IOException e) {
            LOG.error("Cannot read console users file {}: {}", file, e.toString());
            return;
        }
        if (modified.equals(loaded)) {
            return;
        }
        try {
            users = parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
            loaded = modified;
            missingReported = false;
            LOG.info("Loaded {} console user(s) from {}", users.size(), file);
        } catch (IOException e) {
            LOG.error("Cannot read console users file {}: {}", file, e.toString());
        }
    }

    static Map<String, User> parse(List<String> lines, String source) {
        Map<String, User> result = new HashMap<>();
        Base64.Decoder b64 = Base64.getDecoder();
        int n = 0;
        for (String line : lines) {
            n++;
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", -1);
            try {
                if (f.length != 6) {
                    throw new IllegalArgumentException("expected 6 fields, found " + f.length);
                }
                if (f[0].isEmpty()) {
                    throw new IllegalArgumentException("empty user name");
                }
                if (!PasswordHash.SCHEME.equals(f[1])) {
                    throw new IllegalArgumentException("unsupported hash scheme");
                }
                int iterations = Integer.parseInt(f[2]);
                if (iterations < 10_000) {
                    throw new IllegalArgumentException("fewer than 10000 iterations");
                }
                byte[] salt = b64.decode(f[3]);
                byte[] hash = b64.decode(f[4]);
                if (salt.length < 8 || hash.length < 16) {
                    throw new IllegalArgumentException("salt or hash too short");
                }
                Set<String> roles = f[5].isBlank() ? Set.of() : Set.of(f[5].split(","));
                result.put(f[0], new User(f[0], roles, iterations, salt, hash));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring malformed line {} of console users file {}: {}", n, source, e.getMessage());
            }
        }
        return Map.copyOf(result);
    }
}
