// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads one output stream of a child to its end, keeping the first {@code max} bytes and counting the rest. It
 * keeps reading past the cap so that the child never blocks on a full pipe. Run on a reader thread; {@link
 * #text()} may be called from any thread at any time.
 */
final class OutputCapture implements Runnable {

    private final InputStream in;
    private final byte[] head;
    private int length;
    private long dropped;
    private final CountDownLatch done = new CountDownLatch(1);

    OutputCapture(InputStream in, int max) {
        this.in = in;
        this.head = new byte[max];
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0;) {
                synchronized (this) {
                    int keep = Math.min(n, head.length - length);
                    System.arraycopy(buf, 0, head, length, keep);
                    length += keep;
                    dropped += n - keep;
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (an abandoned reader): keep what was read
        } finally {
            done.countDown();
        }
    }

    /** @return whether the stream reached its end (or failed) within the wait */
    boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    /** @return whether the stream reached its end */
    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Closes the stream, so that a reader blocked on it may end. */
    void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /**
     * @return the kept bytes decoded as UTF-8 (malformed sequences become U+FFFD), followed, if bytes were
     *         dropped, by {@code "\n[truncated: N bytes dropped]"}
     */
    synchronized String text() {
        int end = length;
        long lost = dropped;
        if (lost > 0) {
            // do not end on half a character: drop an incomplete trailing UTF-8 sequence
            int start = end - 1;
            while (start >= 0 && start > end - 4 && (head[start] & 0xC0) == 0x80) {
                start--;
            }
            if (start >= 0 && (head[start] & 0x80) != 0 && sequenceLength(head[start]) > end - start) {
                lost += end - start;
                end = start;
            }
        }
        String s = new String(Arrays.copyOf(head, end), StandardCharsets.UTF_8);
        return lost > 0 ? s + "\n[truncated: " + lost + " bytes dropped]" : s;
    }

    private static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        if (b >= 0xF0) {
            return 4;
        }
        if (b >= 0xE0) {
            return 3;
        }
        return b >= 0xC0 ? 2 : 1;
    }
}
