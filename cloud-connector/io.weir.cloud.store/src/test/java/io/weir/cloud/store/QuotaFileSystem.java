// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code quota:} prefix) over the default one whose files behave like a disk that is full: a
 * write that would grow a file beyond the quota fails with {@code IOException("No space left on device")}, exactly
 * what Linux reports for ENOSPC. Writes inside the existing length succeed, as on a real full disk. It can also make
 * fsync fail (EIO).
 *
 * <p>H2 instantiates file-system classes reflectively and keeps them in a static registry, so the quota is a static
 * value (test code only).
 */
public final class QuotaFileSystem extends FilePathWrapper {
    /** The prefix to put before a path. */
    public static final String PREFIX = "quota:";
    private static final AtomicLong QUOTA = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final java.util.concurrent.atomic.AtomicBoolean FAIL_SYNC =
            new java.util.concurrent.atomic.AtomicBoolean();
    private static final java.util.concurrent.atomic.AtomicInteger FAIL_SYNCS =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Registers the file system with H2 (idempotent). */
    public static void register() {
        FilePath.register(new QuotaFileSystem());
    }

    /** @param bytes the largest size a file may grow to */
    public static void setQuota(long bytes) {
        QUOTA.set(bytes);
    }

    /** Removes the quota and the sync fault. */
    public static void unlimited() {
        QUOTA.set(Long.MAX_VALUE);
        FAIL_SYNC.set(false);
        FAIL_SYNCS.set(0);
    }

    /** @param fail whether {@code force} (fsync) fails with {@code IOException("Input/output error")} */
    public static void failSync(boolean fail) {
        FAIL_SYNC.set(fail);
    }

    /** @param count how many of the next {@code force} calls fail with {@code IOException("Input/output error")} */
    public static void failNextSyncs(int count) {
        FAIL_SYNCS.set(count);
    }

    /** @return writes refused so far */
    public static long refusedWrites() {
        return REFUSED.get();
    }

    @Override
    public String getScheme() {
        return "quota";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new QuotaChannel(getBase().open(mode));
    }

    /** Delegates everything; refuses growth beyond the quota. */
    private static final class QuotaChannel extends FileChannel {
        private final FileChannel base;

        QuotaChannel(FileChannel base) {
            this.base = base;
        }

        private void check(long end) throws IOException {
            if (end > QUOTA.get() && end > base.size()) {
                REFUSED.incrementAndGet();
                throw new IOException("No space left on device");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return base.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(base.position() + src.remaining());
            return base.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += srcs[i].remaining();
            }
            check(base.position() + n);
            return base.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (FAIL_SYNC.get() || FAIL_SYNCS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("Input/output error");
            }
            base.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return base.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("transferFrom is not supported by the quota file system");
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check(position + src.remaining());
            return base.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return base.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return base.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
