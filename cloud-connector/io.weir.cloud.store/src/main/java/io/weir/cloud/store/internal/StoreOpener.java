// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.store.OpenReport;

/**
 * The startup check. The existing file is first opened <em>read-only</em> (so a damaged file is never modified) and
 * checked: MVStore can open it; it did not have to roll back below the version recorded in its store header (which
 * would mean committed data is missing, e.g. a truncated file); the format is ours; every entry decodes. The in-memory
 * index is built from that scan. Only then is the file opened for writing.
 *
 * <p>A file that fails the check is quarantined: the decodable entries are first copied into
 * {@code <name>.salvage}, then the file is renamed to {@code <name>.corrupt-<yyyyMMdd-HHmmss>} (UTC) and the salvage
 * file renamed into its place, so no accepted message is silently lost. Both renames are atomic and the directory
 * is fsync'd; an interrupted quarantine is completed on the next open. A file that cannot be opened for reasons
 * that are not corruption (locked by another process, no permission, an I/O error) is not touched: {@code open}
 * fails with an {@link IOException}.
 */
public final class StoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger(StoreOpener.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final int SALVAGE_COMMIT_EVERY = 1000;

    /**
     * The opened store.
     *
     * @param handle the store, open for writing
     * @param index the index of its messages
     * @param nextSeq the next sequence number to use
     * @param report what was found
     */
    public record Opened(StoreFiles.Handle handle, SendIndex index, long nextSeq, OpenReport report) {
    }

    /** The file is corrupt; the message says why. */
    private static final class CorruptStore extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean salvageable;

        CorruptStore(String message) {
            this(message, true);
        }

        CorruptStore(String message, boolean salvageable) {
            super(message);
            this.salvageable = salvageable;
        }
    }

    /** A successful read-only scan. */
    private record Scan(SendIndex index, long nextSeq, long version, long entries) {
    }

    private StoreOpener() {
    }

    /**
     * Opens, checks and if need be quarantines the store file.
     *
     * @param file the store file
     * @param fsPrefix an H2 file-system prefix for MVStore ({@code ""} for the default file system; tests use others)
     * @return the opened store
     * @throws IOException if the file is locked, not accessible, or even a fresh store cannot be created
     */
    public static Opened open(Path file, String fsPrefix) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path salvage = abs.resolveSibling(abs.getFileName() + ".salvage");
        finishInterruptedQuarantine(abs, salvage);

        boolean existed = Files.exists(abs);
        Scan scan = null;
        Path quarantined = null;
        String reason = null;
        if (existed) {
            if (!Files.isRegularFile(abs)) {
                throw new IOException("store file " + abs + " is not a regular file");
            }
            if (!Files.isReadable(abs) || !Files.isWritable(abs)) {
                throw new IOException("store file " + abs + " is not readable and writable by this process");
            }
            try {
                scan = scan(abs, fsPrefix + abs);
            } catch (CorruptStore corrupt) {
                StringBuilder note = new StringBuilder();
                long salvaged = -1;
                if (corrupt.salvageable) {
                    salvaged = salvage(fsPrefix + abs, salvage, fsPrefix, note);
                } else {
                    note.append("not salvaged: this version cannot read it");
                }
                quarantined = quarantine(abs);
                if (salvaged >= 0) {
                    Files.move(salvage, abs, StandardCopyOption.ATOMIC_MOVE);
                }
                StoreFiles.syncDirectory(dir);
                reason = corrupt.getMessage() + "; " + note;
                LOG.error("Store file {} is corrupt and was moved to {}: {}", abs, quarantined, reason);
                if (salvaged >= 0) {
                    try {
                        scan = scan(abs, fsPrefix + abs);
                    } catch (CorruptStore again) {
                        throw new IOException("the store salvaged from " + quarantined + " does not check: "
                                + again.getMessage());
                    }
                }
            }
        }

        StoreFiles.Handle handle;
        try {
            handle = StoreFiles.openReadWrite(fsPrefix + abs);
        } catch (RuntimeException e) {
            throw new IOException("cannot open store file " + abs + ": " + e.getMessage(), e);
        }
        try {
            long nextSeq = 1;
            SendIndex index = new SendIndex();
            if (scan != null) {
                if (handle.data().sizeAsLong() != scan.entries()
                        || handle.store().getCurrentVersion() != scan.version()) {
                    throw new IOException("store file " + abs + " changed between its check and its opening");
                }
                index = scan.index();
                nextSeq = scan.nextSeq();
            }
            Long storedFormat = handle.meta().get(StoreFiles.FORMAT_KEY);
            if (storedFormat == null || !existed) {
                handle.meta().put(StoreFiles.FORMAT_KEY, StoreFiles.STORE_FORMAT);
                handle.store().commit();
                handle.store().sync();
                StoreFiles.syncDirectory(dir);
            }
            int recovered = (int) Math.min(Integer.MAX_VALUE, index.messages());
            if (existed && quarantined == null) {
                LOG.info("Opened store file {}: {} stored messages", abs, recovered);
            }
            return new Opened(handle, index, nextSeq, new OpenReport(recovered, quarantined, reason));
        } catch (IOException | RuntimeException e) {
            handle.closeImmediately();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot open store file " + abs + ": " + e.getMessage(), e);
        }
    }

    /** Reads the whole file read-only, checking it and building the index. */
    private static Scan scan(Path abs, String mvName) throws CorruptStore, IOException {
        MVStore store;
        try {
            store = StoreFiles.openReadOnly(mvName, false);
        } catch (RuntimeException e) {
            throw classify(abs, e, "MVStore cannot open it");
        }
        try {
            long version = store.getCurrentVersion();
            long headerVersion = DataUtils.readHexLong(store.getStoreHeader(), "version", -1);
            if (headerVersion > version) {
                throw new CorruptStore("MVStore could only recover version " + version + ", older than version "
                        + headerVersion + " recorded in the store header: committed data is missing (truncated or "
                        + "damaged file)");
            }
            long nextSeq = 1;
            if (store.hasMap(StoreFiles.META_MAP)) {
                MVMap<String, Long> meta = StoreFiles.metaMap(store);
                Long format = meta.get(StoreFiles.FORMAT_KEY);
                if (format != null && format != StoreFiles.STORE_FORMAT) {
                    throw new CorruptStore("unsupported store format " + format + " (this version reads "
                            + StoreFiles.STORE_FORMAT + ")", false);
                }
                Long seq = meta.get(StoreFiles.NEXT_SEQ_KEY);
                if (seq != null) {
                    nextSeq = Math.max(nextSeq, seq);
                }
            }
            SendIndex index = new SendIndex();
            long entries = 0;
            if (store.hasMap(StoreFiles.DATA_MAP)) {
                MVMap<Long, byte[]> data = StoreFiles.dataMap(store);
                long bad = 0;
                String firstBad = null;
                Cursor<Long, byte[]> cursor = data.cursor(null);
                try {
                    while (cursor.hasNext()) {
                        long id = cursor.next();
                        entries++;
                        try {
                            byte[] value = cursor.getValue();
                            MessageCodec.decode(id, value);
                            index.add(id, MessageCodec.accountedSize(value));
                            nextSeq = Math.max(nextSeq, MessageCodec.seq(id) + 1);
                        } catch (MalformedEntryException e) {
                            if (bad++ == 0) {
                                firstBad = "id " + id + " (priority " + MessageCodec.priority(id) + ", seq "
                                        + MessageCodec.seq(id) + "): " + e.getMessage();
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    throw classify(abs, e, "reading the entries failed after " + entries + " entries");
                }
                if (bad > 0) {
                    throw new CorruptStore(bad + " of " + entries + " entries do not decode (first " + firstBad + ")");
                }
            }
            return new Scan(index, nextSeq, version, entries);
        } finally {
            try {
                store.close();
            } catch (RuntimeException e) {
                store.closeImmediately();
            }
        }
    }

    /**
     * Copies every decodable entry of a corrupt file into a fresh store file.
     *
     * @return the number of messages salvaged, or -1 if no salvage file was created
     */
    private static long salvage(String corruptName, Path salvage, String fsPrefix, StringBuilder note) {
        MVStore source;
        try {
            source = StoreFiles.openReadOnly(corruptName, false);
        } catch (RuntimeException e) {
            try {
                source = StoreFiles.openReadOnly(corruptName, true);
            } catch (RuntimeException e2) {
                note.append("nothing could be salvaged (").append(e2.getMessage()).append(')');
                return -1;
            }
        }
        StoreFiles.Handle target = null;
        long good = 0;
        long skipped = 0;
        try {
            if (!source.hasMap(StoreFiles.DATA_MAP)) {
                note.append("it holds no messages to salvage");
                return -1;
            }
            Files.deleteIfExists(salvage);
            target = StoreFiles.openReadWrite(fsPrefix + salvage);
            MVMap<Long, byte[]> data = StoreFiles.dataMap(source);
            long nextSeq = 1;
            String stopped = null;
            for (int p = 0; p < SendIndex.PRIORITIES; p++) {
                long last = MessageCodec.id(p, MessageCodec.SEQ_MASK);
                try {
                    Cursor<Long, byte[]> cursor = data.cursor(MessageCodec.id(p, 0), last, false);
                    while (cursor.hasNext()) {
                        long id = cursor.next();
                        try {
                            byte[] value = cursor.getValue();
                            MessageCodec.decode(id, value);
                            target.data().put(id, value);
                            nextSeq = Math.max(nextSeq, MessageCodec.seq(id) + 1);
                            if (++good % SALVAGE_COMMIT_EVERY == 0) {
                                target.store().commit();
                            }
                        } catch (MalformedEntryException e) {
                            skipped++;
                        }
                    }
                } catch (RuntimeException e) {
                    if (stopped == null) {
                        stopped = "reading priority " + p + " failed: " + e.getMessage();
                    }
                }
            }
            target.meta().put(StoreFiles.FORMAT_KEY, StoreFiles.STORE_FORMAT);
            target.meta().put(StoreFiles.NEXT_SEQ_KEY, nextSeq);
            target.store().commit();
            target.store().sync();
            target.store().close();
            target = null;
            note.append("salvaged ").append(good).append(" messages into the fresh store, ").append(skipped)
                    .append(" undecodable entries left behind");
            if (stopped != null) {
                note.append(", some unreadable (").append(stopped).append(')');
            }
            return good;
        } catch (IOException | RuntimeException e) {
            if (target != null) {
                target.closeImmediately();
            }
            try {
                Files.deleteIfExists(salvage);
            } catch (IOException e2) {
                e.addSuppressed(e2);
            }
            LOG.warn("Salvaging messages from corrupt store file {} failed", corruptName, e);
            note.setLength(0);
            note.append("salvaging failed (").append(e.getMessage()).append("), nothing was salvaged");
            return -1;
        } finally {
            try {
                source.close();
            } catch (RuntimeException e) {
                source.closeImmediately();
            }
        }
    }

    /** Renames the corrupt file aside; never deletes it. */
    private static Path quarantine(Path abs) throws IOException {
        String base = abs.getFileName() + ".corrupt-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        Path target = abs.resolveSibling(base);
        for (int n = 2; Files.exists(target); n++) {
            target = abs.resolveSibling(base + "-" + n);
        }
        Files.move(abs, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** A crash between quarantining and moving the salvage file into place leaves the salvage file: finish. */
    private static void finishInterruptedQuarantine(Path abs, Path salvage) throws IOException {
        if (!Files.exists(salvage)) {
            return;
        }
        if (Files.exists(abs)) {
            // interrupted before the corrupt file was moved aside: it is checked (and salvaged) again
            Files.delete(salvage);
        } else {
            LOG.warn("Completing an interrupted quarantine: moving salvaged store {} into place", salvage);
            Files.move(salvage, abs, StandardCopyOption.ATOMIC_MOVE);
            StoreFiles.syncDirectory(abs.getParent());
        }
    }

    /**
     * Corruption, or a problem of the environment (locked, no permission, I/O error) that must not cause a
     * quarantine?
     */
    private static CorruptStore classify(Path abs, RuntimeException e, String what) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new IOException("store file " + abs + " is in use by another process or store", e);
            }
            if (t instanceof MVStoreException m && m.getErrorCode() == DataUtils.ERROR_CLOSED) {
                throw new IOException("store file " + abs + " was closed while being checked", e);
            }
            if (t instanceof IOException && !(t instanceof EOFException)) {
                throw new IOException("cannot read store file " + abs + ": " + t.getMessage(), e);
            }
        }
        return new CorruptStore(what + ": " + describe(e));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
