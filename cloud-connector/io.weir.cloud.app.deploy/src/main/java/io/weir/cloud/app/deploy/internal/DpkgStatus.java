// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Reads the installed system packages from Debian's package database ({@code /var/lib/dpkg/status}): stanzas
 * separated by blank lines, {@code Field: value} lines, continuation lines starting with white space. A package
 * counts when its {@code Status} is {@code install ok installed}. No process is started.
 */
final class DpkgStatus {

    /** The inventory type of a Debian package. */
    static final String TYPE = "DEB";

    /** An installed system package. */
    record SystemPackage(String name, String version, String type) {
    }

    private DpkgStatus() {
    }

    /**
     * @param file the status file
     * @return the installed packages sorted by name, or an empty list if the file does not exist
     * @throws IOException if the file exists but cannot be read
     */
    static List<SystemPackage> read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    static List<SystemPackage> parse(Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<SystemPackage> out = new ArrayList<>();
        Stanza stanza = new Stanza();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                stanza.addTo(out);
                stanza = new Stanza();
            } else if (!Character.isWhitespace(line.charAt(0))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    stanza.field(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            // continuation lines (descriptions, conffiles) carry nothing we report
        }
        stanza.addTo(out);
        out.sort(Comparator.comparing(SystemPackage::name).thenComparing(SystemPackage::version));
        return out;
    }

    private static final class Stanza {
        private @Nullable String name;
        private @Nullable String version;
        private @Nullable String status;

        void field(String key, String value) {
            switch (key) {
                case "package":
                    name = value;
                    break;
                case "version":
                    version = value;
                    break;
                case "status":
                    status = value;
                    break;
                default:
                    break;
            }
        }

        void addTo(List<SystemPackage> out) {
            if (name != null && !name.isEmpty() && version != null && status != null
                    && List.of(status.split("\\s+")).equals(List.of("install", "ok", "installed"))) {
                out.add(new SystemPackage(name, version, TYPE));
            }
        }
    }
}
