// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.weir.deployment.DeploymentException;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.FailureReason;

/** The downloader against the JDK's HTTP server: real sockets, real files. */
class DownloaderTest {

    private static final byte[] CONTENT = new byte[200_000];
    private static final String ETAG = "\"v1\"";

    static {
        new Random(42).nextBytes(CONTENT);
    }

    @TempDir
    Path dir;

    HttpServer server;
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // serves CONTENT with Range support
        server.createContext("/ok/", ex -> serve(ex, true, -1));
        // cuts the first response after half the bytes, then serves ranges
        server.createContext("/cut/", ex -> serve(ex, true, requests.get() == 0 ? CONTENT.length / 2 : -1));
        // cuts the first response, ignores Range afterwards (200 again)
        server.createContext("/cut-norange/", ex -> serve(ex, false, requests.get() == 0 ? CONTENT.length / 2 : -1));
        // always cuts
        server.createContext("/always-cut/", ex -> serve(ex, false, 1000));
        // no Content-Length (chunked)
        server.createContext("/chunked/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(CONTENT);
            }
        });
        server.createContext("/redirect-local/", ex -> redirect(ex, "http://localhost:" + port() + "/ok/f.dp"));
        server.createContext("/redirect-ip/", ex -> redirect(ex, "http://127.0.0.1:" + port() + "/ok/f.dp"));
        server.createContext("/missing/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private void redirect(HttpExchange ex, String location) throws IOException {
        requests.incrementAndGet();
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void serve(HttpExchange ex, boolean rangeSupport, int cutAfter) throws IOException {
        requests.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null) {
            ranges.add(range + " if-range " + ex.getRequestHeaders().getFirst("If-Range"));
        }
        if (rangeSupport && range != null && ETAG.equals(ex.getRequestHeaders().getFirst("If-Range"))) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
            ex.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (CONTENT.length - 1) + "/" + CONTENT.length);
            ex.getResponseHeaders().add("ETag", ETAG);
            ex.sendResponseHeaders(206, CONTENT.length - from);
        } else {
            ex.getResponseHeaders().add("ETag", ETAG);
            ex.sendResponseHeaders(200, CONTENT.length);
        }
        OutputStream os = ex.getResponseBody();
        try {
            if (cutAfter >= 0) {
                os.write(CONTENT, from, cutAfter);
                os.flush();
                // closing with bytes missing makes the JDK server drop the connection: the client sees it cut
                ex.close();
                return;
            }
            os.write(CONTENT, from, CONTENT.length - from);
        } catch (IOException e) {
            // the client went away (cancel)
        } finally {
            ex.close();
        }
    }

    private Settings settings(List<String> schemes, List<String> hosts, long maxBytes) {
        return new Settings(dir.resolve("downloads"), dir.resolve("packages"), dir.resolve("trusted"),
                dir.resolve("audit.log"), false, maxBytes, new UrlPolicy(schemes, hosts), 2000, 3000, 2, 10_000,
                1 << 20);
    }

    private Settings settings() {
        return settings(List.of("http"), List.of("127.0.0.1", "localhost"), 1_000_000);
    }

    private DownloadRequest.Builder request(String path) {
        return DownloadRequest.builder(URI.create("http://127.0.0.1:" + port() + path), "feature", "1.0.0");
    }

    private Path target() {
        return dir.resolve("downloads/feature_1.0.0.dp");
    }

    private static String sha256(byte[] b) throws Exception {
        return "SHA-256:" + HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static FailureReason reasonOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(DeploymentException.class);
        return ((DeploymentException) t).reason();
    }

    private void assertNothingLeft() throws IOException {
        assertThat(Files.exists(target())).isFalse();
        if (Files.isDirectory(target().getParent())) {
            try (var files = Files.list(target().getParent())) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void downloadsWithProgressAndACaseInsensitiveHash() throws Exception {
        List<Long> progress = new CopyOnWriteArrayList<>();
        DownloadRequest r = request("/ok/f.dp").hash(sha256(CONTENT)).credentials("user", "secret").build();
        Downloader.Result result = new Downloader(settings(), r, target()).run((t, total) -> {
            assertThat(total).isEqualTo(CONTENT.length);
            progress.add(t);
        });
        assertThat(result.alreadyPresent()).isFalse();
        assertThat(Files.readAllBytes(target())).isEqualTo(CONTENT);
        assertThat(target().resolveSibling("feature_1.0.0.dp.part")).doesNotExist();
        // every 5 %: about 20 progress steps, increasing
        assertThat(progress).hasSizeBetween(15, 21).isSorted();
        assertThat(authorizations).containsExactly("Basic dXNlcjpzZWNyZXQ=");
    }

    @Test
    void resumesWithRangeAfterTheConnectionIsCut() throws Exception {
        Downloader.Result result = new Downloader(settings(), request("/cut/f.dp").hash(sha256(CONTENT)).build(),
                target()).run((t, total) -> { });
        assertThat(Files.readAllBytes(result.file())).isEqualTo(CONTENT);
        assertThat(requests.get()).isEqualTo(2);
        assertThat(ranges).containsExactly("bytes=" + CONTENT.length / 2 + "- if-range " + ETAG);
    }

    @Test
    void restartsFromZeroWhenTheServerIgnoresTheRange() throws Exception {
        new Downloader(settings(), request("/cut-norange/f.dp").hash(sha256(CONTENT)).build(), target())
                .run((t, total) -> { });
        assertThat(Files.readAllBytes(target())).isEqualTo(CONTENT);
        assertThat(requests.get()).isEqualTo(2);
        assertThat(ranges).hasSize(1);
    }

    @Test
    void givesUpAfterTheRetriesAndLeavesNothing() throws Exception {
        assertThat(reasonOf(() -> new Downloader(settings(), request("/always-cut/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.DOWNLOAD_FAILED);
        assertThat(requests.get()).isEqualTo(3);
        assertNothingLeft();
    }

    @Test
    void hashMismatchDeletesTheFile() throws Exception {
        byte[] other = CONTENT.clone();
        other[0] ^= 1;
        assertThat(reasonOf(() -> new Downloader(settings(), request("/ok/f.dp").hash(sha256(other)).build(),
                target()).run((t, total) -> { }))).isEqualTo(FailureReason.HASH_MISMATCH);
        assertNothingLeft();
    }

    @Test
    void capsTheSizeByContentLengthAndByCountedBytes() throws Exception {
        Settings small = settings(List.of("http"), List.of("127.0.0.1"), 100_000);
        assertThat(reasonOf(() -> new Downloader(small, request("/ok/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.TOO_LARGE);
        assertNothingLeft();
        assertThat(reasonOf(() -> new Downloader(small, request("/chunked/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.TOO_LARGE);
        assertNothingLeft();
    }

    @Test
    void refusesSchemesAndHostsOffTheAllowlist() throws Exception {
        Settings httpsOnly = settings(List.of("https"), List.of("*"), 1_000_000);
        assertThat(reasonOf(() -> new Downloader(httpsOnly, request("/ok/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.URL_NOT_ALLOWED);
        Settings otherHost = settings(List.of("http"), List.of("*.example.com"), 1_000_000);
        assertThat(reasonOf(() -> new Downloader(otherHost, request("/ok/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.URL_NOT_ALLOWED);
        assertThat(requests.get()).isZero();
    }

    @Test
    void checksEveryRedirectHop() throws Exception {
        Settings ipOnly = settings(List.of("http"), List.of("127.0.0.1"), 1_000_000);
        // 127.0.0.1 redirects to localhost, which is not allowed
        assertThat(reasonOf(() -> new Downloader(ipOnly, request("/redirect-local/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.URL_NOT_ALLOWED);
        assertThat(requests.get()).isEqualTo(1);
        assertNothingLeft();
        // an allowed hop is followed
        new Downloader(ipOnly, request("/redirect-ip/f.dp").build(), target()).run((t, total) -> { });
        assertThat(Files.readAllBytes(target())).isEqualTo(CONTENT);
    }

    @Test
    void anHttpErrorFailsAtOnce() throws Exception {
        assertThat(reasonOf(() -> new Downloader(settings(), request("/missing/f.dp").build(), target())
                .run((t, total) -> { }))).isEqualTo(FailureReason.DOWNLOAD_FAILED);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void cancelStopsTheDownloadAndDeletesThePart() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Downloader d = new Downloader(settings(),
                request("/ok/f.dp").blockSize(1000).blockDelayMillis(20).notifyBlockSize(1000).build(), target());
        Thread canceller = new Thread(() -> {
            try {
                if (started.await(10, TimeUnit.SECONDS)) {
                    d.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        assertThat(reasonOf(() -> d.run((t, total) -> started.countDown()))).isEqualTo(FailureReason.CANCELLED);
        canceller.join();
        assertNothingLeft();
    }

    @Test
    void anExistingFileIsNotDownloadedAgainUnlessForced() throws Exception {
        Files.createDirectories(target().getParent());
        Files.write(target(), CONTENT);
        Downloader.Result r = new Downloader(settings(), request("/ok/f.dp").hash(sha256(CONTENT)).build(), target())
                .run((t, total) -> { });
        assertThat(r.alreadyPresent()).isTrue();
        assertThat(requests.get()).isZero();
        new Downloader(settings(), request("/ok/f.dp").force(true).build(), target()).run((t, total) -> { });
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void validatesHashStrings() {
        assertThat(Downloader.checkHash("SHA-256:" + "ab".repeat(32))).isNull();
        assertThat(Downloader.checkHash("MD5:" + "AB".repeat(16))).isNull();
        assertThat(Downloader.checkHash("SHA-256:abc")).contains("hex digits");
        assertThat(Downloader.checkHash("NOPE:abcd")).contains("unknown hash algorithm");
        assertThat(Downloader.checkHash("abcd")).contains("ALGORITHM:hex");
    }

    @Test
    void hostGlobsMatchCaseInsensitively() {
        UrlPolicy p = new UrlPolicy(List.of("https"), List.of("*.Example.com", "repo.weir.io"));
        assertThat(p.check(URI.create("https://dl.EXAMPLE.com/x.dp"))).isNull();
        assertThat(p.check(URI.create("https://REPO.weir.io/x.dp"))).isNull();
        assertThat(p.check(URI.create("https://example.com.evil.org/x.dp"))).contains("not allowed");
        assertThat(p.check(URI.create("http://dl.example.com/x.dp"))).contains("scheme");
        assertThat(p.check(URI.create("https://user:pw@dl.example.com/x.dp"))).contains("credentials");
        assertThat(p.check(URI.create("file:///etc/passwd"))).contains("scheme");
    }
}
