// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.deployment.DeploymentException;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.FailureReason;

/**
 * Downloads one file over HTTP(S) into {@code <target>.part}, then renames it to the target: block reads with an
 * optional delay, progress callbacks, a size cap on Content-Length and on the bytes counted, the URL allowlist on
 * every redirect hop (at most {@value #MAX_REDIRECTS}), a hash check, and resume after a lost connection with {@code
 * Range} and {@code If-Range}. No partial file is left behind on any failure. One instance serves one download; the
 * caller's thread runs it and {@link #cancel()} may be called from any thread.
 */
final class Downloader {

    /** Redirects followed at most. */
    static final int MAX_REDIRECTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** Receives progress; called on the downloading thread. */
    @FunctionalInterface
    interface Progress {
        void update(long transferred, long total);
    }

    /**
     * The outcome.
     *
     * @param file the downloaded file
     * @param size its size
     * @param alreadyPresent {@code true} if the file was there already and nothing was downloaded
     */
    record Result(Path file, long size, boolean alreadyPresent) {
    }

    private final Settings settings;
    private final DownloadRequest request;
    private final Path target;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile HttpURLConnection current;
    /** The digest of the bytes in the part file, computed as they are written; {@code null} without a hash. */
    private MessageDigest digest;

    Downloader(Settings settings, DownloadRequest request, Path target) {
        this.settings = settings;
        this.request = request;
        this.target = target;
    }

    /** Stops the download: the running read fails at once and the partial file is deleted. */
    void cancel() {
        cancelled.set(true);
        HttpURLConnection c = current;
        if (c != null) {
            c.disconnect();
        }
    }

    /** @return the part file's path */
    Path partFile() {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** Runs the download. */
    Result run(Progress progress) throws DeploymentException {
        String refusal = settings.urls().check(request.uri());
        if (refusal != null) {
            throw new DeploymentException(FailureReason.URL_NOT_ALLOWED, refusal);
        }
        if (Files.isRegularFile(target) && !request.force()) {
            try {
                if (request.hash() == null || hashMatches(target, request.hash())) {
                    long size = Files.size(target);
                    progress.update(size, size);
                    return new Result(target, size, true);
                }
                LOG.info("{} is there but does not match {}: downloading it again", target.getFileName(),
                        request.hash());
            } catch (IOException e) {
                throw new DeploymentException(FailureReason.STORAGE_FAILURE, "cannot read " + target + ": " + e, e);
            }
        }
        Path part = partFile();
        boolean done = false;
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(part);
            digest = request.hash() == null ? null : newDigest(request.hash());
            long size = fetch(part, progress);
            if (digest != null && !hexEquals(digest.digest(), request.hash())) {
                throw new DeploymentException(FailureReason.HASH_MISMATCH,
                        "the download does not match " + request.hash());
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return new Result(target, size, false);
        } catch (IOException e) {
            throw new DeploymentException(FailureReason.STORAGE_FAILURE, "cannot write " + part + ": " + e, e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    LOG.warn("Cannot delete the partial download {}: {}", part, e.toString());
                }
            }
        }
    }

    /** Downloads into {@code part}, resuming after lost connections; returns the size. */
    private long fetch(Path part, Progress progress) throws DeploymentException, IOException {
        long transferred = 0;
        long total = -1;
        String validator = null;
        int attempt = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                checkCancelled();
                HttpURLConnection c = null;
                try {
                    c = open(transferred > 0 && validator != null ? transferred : 0, validator);
                    int status = c.getResponseCode();
                    if (status == HttpURLConnection.HTTP_PARTIAL && transferred > 0) {
                        Matcher m = CONTENT_RANGE.matcher(Objects.requireNonNullElse(c.getHeaderField(
                                "Content-Range"), ""));
                        if (!m.matches() || Long.parseLong(m.group(1)) != transferred) {
                            throw new IOException("unusable Content-Range: " + c.getHeaderField("Content-Range"));
                        }
                        if (!m.group(3).equals("*")) {
                            total = Long.parseLong(m.group(3));
                        }
                        LOG.info("Resuming {} at byte {}", request.uri(), transferred);
                    } else if (status == HttpURLConnection.HTTP_OK) {
                        if (transferred > 0) {
                            LOG.info("{} does not resume: downloading from the start", request.uri());
                        }
                        transferred = 0;
                        out.truncate(0);
                        out.position(0);
                        if (digest != null) {
                            digest.reset();
                        }
                        total = c.getContentLengthLong();
                        String etag = c.getHeaderField("ETag");
                        String lastModified = c.getHeaderField("Last-Modified");
                        // a weak ETag cannot be used in If-Range
                        validator = etag != null && !etag.startsWith("W/") ? etag : lastModified;
                    } else if (status >= 500 || status == 408 || status == 429) {
                        throw new IOException("HTTP " + status);
                    } else {
                        throw new DeploymentException(FailureReason.DOWNLOAD_FAILED,
                                "HTTP " + status + " from " + redact(c.getURL().toString()));
                    }
                    if (total > settings.maxBytes()) {
                        throw new DeploymentException(FailureReason.TOO_LARGE, "the package has " + total
                                + " bytes; the limit is " + settings.maxBytes());
                    }
                    // the first event of each attempt: the size is known from here on
                    progress.update(transferred, total);
                    transferred = copy(c, out, transferred, total, progress);
                    if (total >= 0 && transferred < total) {
                        throw new IOException("connection closed after " + transferred + " of " + total + " bytes");
                    }
                    out.force(true);
                    return transferred;
                } catch (IOException e) {
                    checkCancelled();
                    if (e instanceof StorageException s) {
                        throw s.getCause();
                    }
                    if (attempt >= settings.retries()) {
                        throw new DeploymentException(FailureReason.DOWNLOAD_FAILED, "download of "
                                + redact(request.uri().toString()) + " failed after " + (attempt + 1)
                                + " attempt(s): " + e.getMessage(), e);
                    }
                    attempt++;
                    LOG.warn("Download of {} interrupted at byte {} ({}); retry {} of {}",
                            redact(request.uri().toString()), transferred, e.toString(), attempt, settings.retries());
                    pause(Math.min(500L * attempt, 2000));
                } finally {
                    current = null;
                    if (c != null) {
                        c.disconnect();
                    }
                }
            }
        }
    }

    private long copy(HttpURLConnection c, FileChannel out, long start, long total, Progress progress)
            throws IOException, DeploymentException {
        int block = request.blockSize() > 0 ? request.blockSize()
                : total > 0 ? (int) Math.max(1024, Math.min(1 << 20, total / 100 + 1)) : 4096;
        long notifyEvery = request.notifyBlockSize() > 0 ? request.notifyBlockSize()
                : total > 0 ? Math.max(1, total / 20) : 256 * 1024;
        long transferred = start;
        long lastNotified = start;
        byte[] buffer = new byte[block];
        try (InputStream in = c.getInputStream()) {
            while (true) {
                checkCancelled();
                int n = in.readNBytes(buffer, 0, block);
                if (n <= 0) {
                    break;
                }
                if (transferred + n > settings.maxBytes()) {
                    throw new DeploymentException(FailureReason.TOO_LARGE,
                            "the download exceeds the limit of " + settings.maxBytes() + " bytes");
                }
                try {
                    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                } catch (IOException e) {
                    throw new StorageException(e);
                }
                if (digest != null) {
                    digest.update(buffer, 0, n);
                }
                transferred += n;
                if (transferred - lastNotified >= notifyEvery) {
                    lastNotified = transferred;
                    progress.update(transferred, total);
                }
                if (n < block) {
                    break;
                }
                if (request.blockDelayMillis() > 0) {
                    pause(request.blockDelayMillis());
                }
            }
        }
        return transferred;
    }

    /** Opens a connection, following redirects by hand so that every hop is checked. */
    private HttpURLConnection open(long from, String validator) throws IOException, DeploymentException {
        URI uri = request.uri();
        String originalHost = uri.getHost();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String refusal = settings.urls().check(uri);
            if (refusal != null) {
                throw new DeploymentException(FailureReason.URL_NOT_ALLOWED,
                        (hop == 0 ? "" : "redirect to " + redact(uri.toString()) + ": ") + refusal);
            }
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            current = c;
            if (cancelled.get()) {
                c.disconnect();
                checkCancelled();
            }
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(request.connectTimeoutMillis() > 0 ? request.connectTimeoutMillis()
                    : settings.connectTimeoutMs());
            c.setReadTimeout(settings.readTimeoutMs());
            c.setRequestProperty("Accept-Encoding", "identity");
            if (request.username() != null && uri.getHost().equalsIgnoreCase(originalHost)) {
                String pair = request.username() + ":" + Objects.requireNonNullElse(request.password(), "");
                c.setRequestProperty("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            if (from > 0) {
                c.setRequestProperty("Range", "bytes=" + from + "-");
                c.setRequestProperty("If-Range", validator);
            }
            int status = c.getResponseCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = c.getHeaderField("Location");
                c.disconnect();
                if (location == null) {
                    throw new DeploymentException(FailureReason.DOWNLOAD_FAILED, "HTTP " + status + " without Location");
                }
                try {
                    uri = uri.resolve(new URI(location));
                } catch (URISyntaxException e) {
                    throw new DeploymentException(FailureReason.DOWNLOAD_FAILED, "bad redirect location", e);
                }
                continue;
            }
            return c;
        }
        throw new DeploymentException(FailureReason.DOWNLOAD_FAILED, "more than " + MAX_REDIRECTS + " redirects");
    }

    private void checkCancelled() throws DeploymentException {
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
            throw new DeploymentException(FailureReason.CANCELLED, "the download was cancelled");
        }
    }

    private void pause(long millis) throws DeploymentException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(FailureReason.CANCELLED, "the download was cancelled");
        }
    }

    /** @return {@code true} if the file's digest equals the expected {@code ALG:hex} */
    static boolean hashMatches(Path file, String expected) throws IOException {
        MessageDigest md = newDigest(expected);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[65536];
            int n;
            while ((n = in.read(b)) > 0) {
                md.update(b, 0, n);
            }
        }
        return hexEquals(md.digest(), expected);
    }

    /** @return a digest for the algorithm of an {@code ALG:hex} string (checked by {@link #checkHash}) */
    private static MessageDigest newDigest(String hash) {
        try {
            return MessageDigest.getInstance(hash.substring(0, hash.lastIndexOf(':')).trim());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown hash algorithm in " + hash, e);
        }
    }

    private static boolean hexEquals(byte[] digest, String hash) {
        return HexFormat.of().formatHex(digest)
                .equals(hash.substring(hash.lastIndexOf(':') + 1).trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Checks an {@code ALG:hex} string.
     *
     * @return {@code null} if valid, else why not
     */
    static String checkHash(String hash) {
        int colon = hash.lastIndexOf(':');
        if (colon <= 0 || colon == hash.length() - 1) {
            return "hash must be ALGORITHM:hex, e.g. SHA-256:ab12...";
        }
        try {
            MessageDigest md = MessageDigest.getInstance(hash.substring(0, colon).trim());
            String hex = hash.substring(colon + 1).trim();
            if (!hex.matches("[0-9a-fA-F]+") || hex.length() != md.getDigestLength() * 2) {
                return "hash value is not " + md.getDigestLength() * 2 + " hex digits";
            }
            return null;
        } catch (NoSuchAlgorithmException e) {
            return "unknown hash algorithm " + hash.substring(0, colon);
        }
    }

    /** Removes user info and query from a URL for logs and messages. */
    static String redact(String url) {
        try {
            URI u = new URI(url);
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return "(url)";
        }
    }

    /** A disk write failure inside the copy loop, kept apart from network failures. */
    private static final class StorageException extends IOException {
        private static final long serialVersionUID = 1L;

        StorageException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
