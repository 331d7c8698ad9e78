// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment audit log: one JSON object per line ({@code time}, {@code action}, {@code package}, {@code
 * version}, {@code requester}, {@code job}, {@code outcome}, {@code reason}, {@code message}), forced to disk after
 * each line. At {@code maxBytes} the file is renamed to {@code audit.log.1} (replacing the older one) and a new one
 * started. Thread-safe; a write failure is logged and never fails the operation.
 */
final class AuditLog {

    /** What happened. */
    enum Action {
        DOWNLOAD, INSTALL, UPDATE, UNINSTALL, ROLLBACK, CANCEL
    }

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final long maxBytes;
    private final Clock clock;

    AuditLog(Path file, long maxBytes, Clock clock) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Appends a line. */
    synchronized void write(Action action, String pkg, String version, String requester, long jobId, String outcome,
            String reason, String message) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "time", Instant.now(clock).toString()).append(',');
        field(b, "action", action.name().toLowerCase(java.util.Locale.ROOT)).append(',');
        field(b, "package", pkg).append(',');
        field(b, "version", version).append(',');
        field(b, "requester", requester).append(',');
        b.append("\"job\":").append(jobId).append(',');
        field(b, "outcome", outcome).append(',');
        field(b, "reason", reason).append(',');
        field(b, "message", message).append("}\n");
        byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) + line.length > maxBytes) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        } catch (IOException e) {
            LOG.error("Cannot write the deployment audit log {}: {} (lost line: {})", file, e.toString(),
                    b.toString().trim());
        }
    }

    /** @return the last {@code n} lines, oldest first, including the rotated file when needed */
    synchronized List<String> tail(int n) {
        Deque<String> last = new ArrayDeque<>();
        for (Path p : List.of(file.resolveSibling(file.getFileName() + ".1"), file)) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    last.addLast(line);
                    if (last.size() > n) {
                        last.removeFirst();
                    }
                }
            } catch (IOException e) {
                LOG.warn("Cannot read the audit log {}: {}", p, e.toString());
            }
        }
        return new ArrayList<>(last);
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
