// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration snapshots as files {@code snapshot_{id}.xml} in one directory; the id is the epoch-millisecond
 * time of the snapshot (one more than the newest id if the clock has not moved past it). Files are written to a
 * temporary file, forced to disk and moved into place, so a reader never sees a partial snapshot. Only the newest
 * {@code max} are kept. Callers serialise writes.
 */
final class SnapshotStore {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final Pattern NAME = Pattern.compile("snapshot_(\\d{1,19})\\.xml");

    private final Path dir;
    private final int max;
    private final LongSupplier clock;

    SnapshotStore(Path dir, int max, LongSupplier clock) {
        this.dir = dir;
        this.max = Math.max(1, max);
        this.clock = clock;
    }

    /** @return the snapshot ids, oldest first */
    List<Long> ids() throws IOException {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "snapshot_*.xml")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    try {
                        ids.add(Long.parseLong(m.group(1)));
                    } catch (NumberFormatException e) {
                        // not one of ours
                    }
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * @param id a snapshot id
     * @return the snapshot document, or {@code null} if there is no such snapshot
     */
    byte @Nullable [] read(long id) throws IOException {
        try {
            return Files.readAllBytes(file(id));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Stores a new snapshot and removes the oldest ones beyond the limit.
     *
     * @param xml the document
     * @return the new id
     */
    long write(byte[] xml) throws IOException {
        Files.createDirectories(dir);
        List<Long> ids = ids();
        long id = clock.getAsLong();
        if (!ids.isEmpty() && id <= ids.get(ids.size() - 1)) {
            id = ids.get(ids.size() - 1) + 1;
        }
        Path tmp = Files.createTempFile(dir, ".snapshot_", ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(xml));
                ch.force(true);
            }
            try {
                Files.move(tmp, file(id), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        ids.add(id);
        for (int i = 0; i < ids.size() - max; i++) {
            try {
                Files.deleteIfExists(file(ids.get(i)));
            } catch (IOException e) {
                LOG.warn("Cannot delete old snapshot {}: {}", ids.get(i), e.getMessage());
            }
        }
        return id;
    }

    private Path file(long id) {
        return dir.resolve("snapshot_" + id + ".xml");
    }
}
