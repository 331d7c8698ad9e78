// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the store file is opened: the MVStore settings (the single place they are chosen) and the two maps.
 *
 * <ul>
 * <li>{@code autoCommitDisabled()}: no MVStore background thread; nothing is written except by an explicit
 * {@code commit()}.</li>
 * <li>{@code autoCommitBufferSize(0)}: MVStore never stores on its own when unsaved changes pile up (with autoCommit
 * merely disabled it still would, at about 19 MB), so only our commits write; batches are bounded instead.</li>
 * <li>{@code cacheSize(4)}: a 4 MB page cache (the default is 16 MB): the queue is read mostly once, in order.</li>
 * <li>{@code setRetentionTime(0)} (not persisted, so set on every open): dead chunks are reused as soon as no
 * version in use needs them. MVStore's 45 s default assumes the OS flushes within 45 s; every commit here is
 * followed by {@code sync()} ({@code FileChannel.force(true)}), so a chunk only becomes dead after the version
 * that replaced it is on disk. With the default the file grew by about 45 MB per second of sustained writing.</li>
 * <li>versionsToKeep stays at MVStore's default (5), and readers register their version while reading, so a
 * chunk a reader still uses is never overwritten.</li>
 * <li>No compression, no encryption: payloads are usually already compact (protobuf, gzip).</li>
 * </ul>
 */
public final class StoreFiles {
    /** The map holding the messages: id to encoded value. */
    public static final String DATA_MAP = "messages";
    /** The map holding store metadata. */
    public static final String META_MAP = "meta";
    /** Meta key: the store format. */
    public static final String FORMAT_KEY = "format";
    /** Meta key: the next sequence number (high-water mark, so ids grow across restarts). */
    public static final String NEXT_SEQ_KEY = "nextSeq";
    /** The store format this version writes and reads. */
    public static final long STORE_FORMAT = 1;
    /** Page cache size in MB. */
    public static final int CACHE_MB = 4;

    private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);

    /**
     * An open MVStore with its two maps.
     *
     * @param store the store
     * @param data id to encoded message
     * @param meta metadata
     */
    public record Handle(MVStore store, MVMap<Long, byte[]> data, MVMap<String, Long> meta) {
        /** Closes without writing anything; never throws. */
        public void closeImmediately() {
            try {
                store.closeImmediately();
            } catch (RuntimeException e) {
                LOG.debug("closing {} failed", store, e);
            }
        }
    }

    private StoreFiles() {
    }

    /**
     * Opens (creating if absent) a store file for writing.
     *
     * @param mvName the MVStore file name (an optional H2 file-system prefix and the path)
     * @return the handle
     * @throws RuntimeException (usually {@code MVStoreException}) if it cannot be opened
     */
    public static Handle openReadWrite(String mvName) {
        MVStore store = builder(mvName).open();
        try {
            store.setRetentionTime(0);
            return new Handle(store, dataMap(store), metaMap(store));
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /**
     * Opens a store file read-only; never modifies it, even if MVStore has to recover from a crash.
     *
     * @param mvName the MVStore file name
     * @param recoveryMode whether to use MVStore's recovery mode (scans the whole file for valid chunks)
     * @return the store
     */
    public static MVStore openReadOnly(String mvName, boolean recoveryMode) {
        MVStore.Builder builder = builder(mvName).readOnly();
        if (recoveryMode) {
            builder.recoveryMode();
        }
        return builder.open();
    }

    private static MVStore.Builder builder(String mvName) {
        return new MVStore.Builder().fileName(mvName).autoCommitDisabled().autoCommitBufferSize(0).cacheSize(CACHE_MB);
    }

    /** @param store an open store @return its message map */
    public static MVMap<Long, byte[]> dataMap(MVStore store) {
        return store.openMap(DATA_MAP,
                new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    /** @param store an open store @return its meta map */
    public static MVMap<String, Long> metaMap(MVStore store) {
        return store.openMap(META_MAP,
                new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
    }

    /**
     * Makes a directory entry change (create, rename) durable: fsync of the directory. Best effort: some platforms
     * cannot open a directory as a channel.
     *
     * @param dir the directory
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot fsync directory {}", dir, e);
        }
    }
}
