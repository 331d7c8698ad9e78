// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP/1.1 file server for download tests, on the JDK's {@code com.sun.net.httpserver}, bound to 127.0.0.1
 * on a free port.
 *
 * <p>It serves registered files (path → bytes) to GET and HEAD with {@code Content-Length}, a strong {@code ETag}
 * (from the content's SHA-256), {@code Accept-Ranges: bytes}, and single byte ranges ({@code Range: bytes=a-b},
 * {@code a-}, {@code -n}) answered with 206 and {@code Content-Range}; an unsatisfiable range gets 416; a range with
 * an {@code If-Range} that is not the current ETag gets the full 200 body; several ranges or a malformed range header
 * are ignored (200), as RFC 9110 allows. Unknown paths get 404, other methods 405.
 *
 * <p>Faults and pacing a test can turn on at any time:
 * <ul>
 * <li>{@link #cutAfter(long, int)}: the next K responses with a body close the connection abruptly after N body
 * bytes (the client sees a premature end of the body);</li>
 * <li>{@link #ignoreRange(boolean)}: always 200 with the whole body, no {@code Accept-Ranges};</li>
 * <li>{@link #throttle(long)}: at most that many body bytes per second per response, so progress can be
 * observed;</li>
 * <li>{@link #holdAfter(long)} / {@link #release()}: responses stop after N body bytes until released (for
 * deterministic cancellation tests; {@link #awaitHeld} waits until one is stopped);</li>
 * <li>{@link #requireBasicAuth(String, String)}: 401 with {@code WWW-Authenticate: Basic} without the right
 * credentials.</li>
 * </ul>
 *
 * <p>It counts requests and body bytes and logs each finished exchange ({@link #requests()}). Each exchange runs on
 * its own thread, so a held or throttled response does not delay others. Thread-safe.
 *
 * <pre>{@code
 * try (PackageServer http = PackageServer.start()) {
 *     String url = http.put("/pkg_1.0.0.dp", bytes);
 *     http.cutAfter(100_000, 1);                 // the first download breaks; a resume with Range completes it
 *     ...
 *     assertThat(http.requests()).extracting(ServedRequest::status).containsExactly(200, 206);
 * }
 * }</pre>
 */
public final class PackageServer implements AutoCloseable {

    /** The realm of the basic-auth challenge. */
    public static final String REALM = "weir-test";

    private record Content(byte[] bytes, String etag) {
    }

    private record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Content> files = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile long cutAfterBytes;
    private volatile boolean ignoreRange;
    private volatile long bytesPerSecond;
    private volatile @Nullable Credentials credentials;
    private final Object lock = new Object();
    private final List<ServedRequest> log = new ArrayList<>(); // guarded by lock
    private long holdAt = -1; // guarded by lock
    private int held; // guarded by lock
    private boolean closed; // guarded by lock

    private PackageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server on 127.0.0.1 and a free port.
     *
     * @return the running server
     * @throws IOException if it cannot bind
     */
    public static PackageServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        AtomicInteger n = new AtomicInteger();
        ExecutorService ex = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "package-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        PackageServer ps = new PackageServer(s, ex);
        s.createContext("/", ps::handle);
        s.setExecutor(ex);
        s.start();
        return ps;
    }

    /** @return the port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    /**
     * @param path a path starting with {@code /}
     * @return its URL
     */
    public String url(String path) {
        return baseUrl() + checkPath(path);
    }

    private static String checkPath(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        return path;
    }

    /**
     * Serves (or replaces, with a new ETag) a file.
     *
     * @param path the path, starting with {@code /}, without query
     * @param content the bytes (copied)
     * @return its URL
     */
    public String put(String path, byte[] content) {
        byte[] copy = content.clone();
        files.put(checkPath(path), new Content(copy, "\"" + sha256(copy).substring(0, 32) + "\""));
        return url(path);
    }

    /** @param path a path no longer served (404 from now on) */
    public void remove(String path) {
        files.remove(path);
    }

    /**
     * @param path a served path
     * @return its current ETag, quotes included
     * @throws IllegalArgumentException if it is not served
     */
    public String etag(String path) {
        Content c = files.get(path);
        if (c == null) {
            throw new IllegalArgumentException("not served: " + path);
        }
        return c.etag();
    }

    /**
     * @param data bytes
     * @return their SHA-256 in lower-case hex (what {@code dp.download.hash} compares with)
     */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- behaviour

    /**
     * The next {@code requests} GET responses that have a body are cut: after {@code bytes} body bytes the
     * connection is closed abruptly. A response whose body is not longer than {@code bytes} is sent whole (and still
     * counts). {@code cutAfter(n, 0)} cancels pending cuts.
     *
     * @param bytes body bytes sent before the cut (0 cuts right after the headers)
     * @param requests how many responses to cut
     */
    public void cutAfter(long bytes, int requests) {
        if (bytes < 0 || requests < 0) {
            throw new IllegalArgumentException("bytes and requests must be >= 0");
        }
        cutAfterBytes = bytes;
        cutsLeft.set(requests);
    }

    /** @param ignore whether to ignore {@code Range} (always 200, no {@code Accept-Ranges}) */
    public void ignoreRange(boolean ignore) {
        ignoreRange = ignore;
    }

    /** @param bytesPerSecond the pace of each response body, 0 for full speed */
    public void throttle(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 0");
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    /**
     * Requires basic authentication from now on; {@code null} user turns it off.
     *
     * @param user the user name
     * @param password the password
     */
    public void requireBasicAuth(@Nullable String user, @Nullable String password) {
        credentials = user == null ? null : new Credentials(user, password == null ? "" : password);
    }

    /**
     * From now on, every response body stops after {@code bytes} body bytes (sent and flushed) and waits for {@link
     * #release()}.
     *
     * @param bytes body bytes to send before stopping
     */
    public void holdAfter(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0");
        }
        synchronized (lock) {
            holdAt = bytes;
        }
    }

    /** Lets held responses continue and stops holding new ones. */
    public void release() {
        synchronized (lock) {
            holdAt = -1;
            lock.notifyAll();
        }
    }

    /**
     * Waits until at least one response is stopped by {@link #holdAfter}.
     *
     * @param timeout how long to wait at most
     * @throws TimeoutException if none is held in time
     * @throws InterruptedException if interrupted
     */
    public void awaitHeld(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (held == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no response held within " + timeout + "; served: " + log);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- observation

    /** @return how many requests arrived (including ones still running) */
    public long requestCount() {
        return sequence.get();
    }

    /** @return how many body bytes were written, over all requests (live while responses run) */
    public long bytesServed() {
        return bytesServed.get();
    }

    /** @return the finished exchanges, in the order they finished */
    public List<ServedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /**
     * Waits until {@code count} finished exchanges match.
     *
     * @param count how many
     * @param predicate which
     * @param timeout how long to wait at most
     * @return the first {@code count} matching ones, in finishing order
     * @throws TimeoutException if fewer finish in time
     * @throws InterruptedException if interrupted
     */
    public List<ServedRequest> awaitRequests(int count, Predicate<ServedRequest> predicate, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<ServedRequest> found = log.stream().filter(predicate).limit(count).toList();
                if (found.size() == count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("waited " + timeout + " for " + count + " matching request(s), found "
                            + found.size() + "; served: " + log);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Forgets the request log and the counters (not the files or the behaviour settings). */
    public void resetCounters() {
        synchronized (lock) {
            log.clear();
            bytesServed.set(0);
        }
    }

    /** Stops the server at once (running exchanges are aborted) and releases held responses. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            holdAt = -1;
            lock.notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------- serving

    private void handle(HttpExchange ex) throws IOException {
        long seq = sequence.getAndIncrement();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        String ifRange = ex.getRequestHeaders().getFirst("If-Range");
        String user = null;
        int status = 500;
        long offset = 0;
        long[] written = {0};
        ServedRequest.Outcome outcome = ServedRequest.Outcome.COMPLETE;
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
            Credentials required = credentials;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Credentials given = parseBasic(auth);
            user = given == null ? null : given.user();
            Content content = files.get(path);
            if (required != null && !required.equals(given)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                status = send(ex, 401);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                status = send(ex, 405);
            } else if (content == null) {
                status = send(ex, 404);
            } else {
                long length = content.bytes().length;
                long start = 0;
                long end = length - 1;
                status = 200;
                long[] r = ignoreRange || range == null || (ifRange != null && !ifRange.equals(content.etag()))
                        ? null : parseRange(range, length);
                if (r != null && r.length == 0) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + length);
                    status = send(ex, 416);
                } else {
                    if (r != null) {
                        start = r[0];
                        end = r[1];
                        status = 206;
                        ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + length);
                    }
                    offset = start;
                    long bodyLength = end - start + 1;
                    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                    ex.getResponseHeaders().set("ETag", content.etag());
                    if (!ignoreRange) {
                        ex.getResponseHeaders().set("Accept-Ranges", "bytes");
                    }
                    if (method.equals("HEAD") || bodyLength == 0) {
                        ex.getResponseHeaders().set("Content-Length", Long.toString(bodyLength));
                        ex.sendResponseHeaders(status, -1);
                    } else {
                        long cut = cutsLeft.getAndUpdate(k -> k > 0 ? k - 1 : 0) > 0 ? cutAfterBytes : -1;
                        ex.sendResponseHeaders(status, bodyLength);
                        outcome = stream(ex.getResponseBody(), content.bytes(), (int) start, bodyLength, cut, written);
                    }
                }
            }
        } catch (IOException e) {
            outcome = ServedRequest.Outcome.CLIENT_ABORTED;
        } finally {
            // closing an exchange whose fixed-length body is incomplete closes the connection: that is the cut
            try {
                ex.close();
            } catch (RuntimeException e) {
                // the connection is gone already
            }
            synchronized (lock) {
                log.add(new ServedRequest(seq, method, path, range, ifRange, user, status, offset, written[0],
                        outcome));
                lock.notifyAll();
            }
        }
    }

    private static int send(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        return status;
    }

    private ServedRequest.Outcome stream(OutputStream out, byte[] data, int start, long length, long cut,
            long[] written) throws IOException {
        long limit = cut >= 0 && cut < length ? cut : length;
        long t0 = System.nanoTime();
        while (written[0] < limit) {
            waitIfHeld(written[0], out);
            long bps = bytesPerSecond;
            int chunk = (int) Math.min(limit - written[0], bps > 0 ? Math.max(1, Math.min(8192, bps / 20)) : 65536);
            long hold = holdPoint();
            if (hold > written[0] && hold < written[0] + chunk) {
                chunk = (int) (hold - written[0]);
            }
            out.write(data, start + (int) written[0], chunk);
            written[0] += chunk;
            bytesServed.addAndGet(chunk);
            if (bps > 0) {
                out.flush();
                long due = t0 + (long) (written[0] * 1e9 / bps);
                long sleep = due - System.nanoTime();
                if (sleep > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("server closing", e);
                    }
                }
            }
        }
        waitIfHeld(written[0], out);
        out.flush();
        return limit < length ? ServedRequest.Outcome.CUT : ServedRequest.Outcome.COMPLETE;
    }

    private long holdPoint() {
        synchronized (lock) {
            return holdAt;
        }
    }

    private void waitIfHeld(long written, OutputStream out) throws IOException {
        synchronized (lock) {
            if (holdAt < 0 || written < holdAt || closed) {
                return;
            }
        }
        out.flush();
        synchronized (lock) {
            held++;
            lock.notifyAll();
            try {
                while (holdAt >= 0 && written >= holdAt && !closed) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("server closing", e);
            } finally {
                held--;
            }
        }
    }

    /**
     * @return {@code null} to ignore the header (malformed, several ranges), an empty array if unsatisfiable, else
     *     {start, end} (inclusive, end clamped)
     */
    static long @Nullable [] parseRange(String header, long length) {
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix < 0) {
                    return null;
                }
                if (suffix == 0 || length == 0) {
                    return new long[0];
                }
                return new long[] {Math.max(0, length - suffix), length - 1};
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (start < 0 || end < start) {
                return null;
            }
            if (start >= length) {
                return new long[0];
            }
            return new long[] {start, Math.min(end, length - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static @Nullable Credentials parseBasic(@Nullable String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String s = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon < 0 ? null : new Credentials(s.substring(0, colon), s.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
