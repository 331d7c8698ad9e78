// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/** Standard gzip ({@code java.util.zip}), with a bound on the decompressed size. Stateless. */
public final class Gzip {

    private static final int BUFFER = 8192;

    private Gzip() {
    }

    /**
     * @param bytes any bytes
     * @return {@code true} if there are at least two bytes and they are the gzip magic {@code 0x1F 0x8B}
     */
    public static boolean hasMagic(byte[] bytes) {
        return bytes.length >= 2 && bytes[0] == (byte) 0x1F && bytes[1] == (byte) 0x8B;
    }

    /**
     * @param bytes the bytes to compress
     * @return a standard gzip stream of them
     */
    public static byte[] compress(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, BUFFER)) {
            gz.write(bytes);
        } catch (IOException e) {
            // a ByteArrayOutputStream does not fail
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The outcome of {@link #decompress(byte[], int)}. */
    public sealed interface Result {
    }

    /** @param bytes the decompressed bytes, at most the limit */
    public record Inflated(byte[] bytes) implements Result {
    }

    /** @param limit the limit that the decompressed data exceeds */
    public record TooLarge(int limit) implements Result {
    }

    /** @param reason why the bytes are not a valid gzip stream */
    public record Invalid(String reason) implements Result {
    }

    /**
     * Decompresses, stopping as soon as the output would exceed {@code limit} bytes, so a small "bomb" never
     * inflates beyond the limit in memory.
     *
     * @param bytes a gzip stream, possibly invalid
     * @param limit the largest decompressed size accepted, at least 0
     * @return the decompressed bytes, or why there are none; never throws for bad input
     */
    public static Result decompress(byte[] bytes, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(BUFFER, bytes.length * 4)));
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(bytes), BUFFER)) {
            int n;
            while ((n = gz.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    return new TooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            // ZipException / EOFException for corrupt or truncated streams; the JDK documents no runtime
            // exception here, the catch only keeps the codec's promise of never throwing for bad bytes
            return new Invalid(describe(e));
        }
        return new Inflated(out.toByteArray());
    }

    private static String describe(Exception e) {
        @Nullable String message = e.getMessage();
        if (message != null) {
            return message;
        }
        return e instanceof EOFException ? "the stream ends early" : e.getClass().getSimpleName();
    }
}
