// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The package server against the JDK's HttpClient (and a raw socket where the client must misbehave). */
class PackageServerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] DATA = new byte[200_000];

    static {
        new Random(42).nextBytes(DATA);
    }

    private PackageServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws IOException {
        server = PackageServer.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(WAIT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesAWholeFileWithLengthETagAndAcceptRanges() throws Exception {
        String url = server.put("/p/pkg_1.0.0.dp", DATA);
        assertThat(url).isEqualTo("http://127.0.0.1:" + server.port() + "/p/pkg_1.0.0.dp");

        HttpResponse<byte[]> r = get("/p/pkg_1.0.0.dp");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(DATA);
        assertThat(r.headers().firstValue("Content-Length")).hasValue("200000");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("ETag")).hasValue(server.etag("/p/pkg_1.0.0.dp"));
        assertThat(server.etag("/p/pkg_1.0.0.dp")).matches("\"[0-9a-f]{32}\"");
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(server.bytesServed()).isEqualTo(DATA.length);
        ServedRequest logged = server.awaitRequests(1, q -> true, WAIT).get(0);
        assertThat(logged).isEqualTo(new ServedRequest(0, "GET", "/p/pkg_1.0.0.dp", null, null, null, 200, 0,
                DATA.length, ServedRequest.Outcome.COMPLETE));
    }

    @Test
    void replacingAFileChangesItsETag() {
        server.put("/a", DATA);
        String first = server.etag("/a");
        server.put("/a", Arrays.copyOf(DATA, 10));
        assertThat(server.etag("/a")).isNotEqualTo(first);
        server.put("/a", DATA);
        assertThat(server.etag("/a")).isEqualTo(first);
    }

    @Test
    void answersSingleRangesWith206() throws Exception {
        server.put("/f", DATA);

        HttpResponse<byte[]> mid = get("/f", "Range", "bytes=100-199");
        assertThat(mid.statusCode()).isEqualTo(206);
        assertThat(mid.body()).isEqualTo(Arrays.copyOfRange(DATA, 100, 200));
        assertThat(mid.headers().firstValue("Content-Range")).hasValue("bytes 100-199/200000");
        assertThat(mid.headers().firstValue("Content-Length")).hasValue("100");

        HttpResponse<byte[]> open = get("/f", "Range", "bytes=199990-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(DATA, 199_990, 200_000));

        HttpResponse<byte[]> suffix = get("/f", "Range", "bytes=-5");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(DATA, 199_995, 200_000));
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes 199995-199999/200000");

        HttpResponse<byte[]> clamped = get("/f", "Range", "bytes=199999-300000");
        assertThat(clamped.statusCode()).isEqualTo(206);
        assertThat(clamped.body()).containsExactly(DATA[199_999]);

        assertThat(server.awaitRequests(4, q -> q.status() == 206, WAIT)).extracting(ServedRequest::offset)
                .containsExactly(100L, 199_990L, 199_995L, 199_999L);
    }

    @Test
    void unsatisfiableRangeIs416AndMalformedOrMultipleRangesAreIgnored() throws Exception {
        server.put("/f", DATA);

        HttpResponse<byte[]> beyond = get("/f", "Range", "bytes=200000-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */200000");
        assertThat(beyond.body()).isEmpty();

        for (String ignored : new String[] {"bytes=0-1,5-6", "bytes=9-3", "items=0-1", "bytes=x-"}) {
            HttpResponse<byte[]> r = get("/f", "Range", ignored);
            assertThat(r.statusCode()).as(ignored).isEqualTo(200);
            assertThat(r.body()).as(ignored).isEqualTo(DATA);
        }
    }

    @Test
    void parseRangeCoversTheForms() {
        assertThat(PackageServer.parseRange("bytes=0-0", 10)).containsExactly(0, 0);
        assertThat(PackageServer.parseRange(" BYTES=3- ", 10)).containsExactly(3, 9);
        assertThat(PackageServer.parseRange("bytes=-20", 10)).containsExactly(0, 9);
        assertThat(PackageServer.parseRange("bytes=-0", 10)).isEmpty();
        assertThat(PackageServer.parseRange("bytes=10-", 10)).isEmpty();
        assertThat(PackageServer.parseRange("bytes=0-", 0)).isEmpty();
        assertThat(PackageServer.parseRange("bytes=-", 10)).isNull();
        assertThat(PackageServer.parseRange("bytes=5", 10)).isNull();
    }

    @Test
    void ifRangeWithAStaleETagGetsTheWholeFile() throws Exception {
        server.put("/f", DATA);
        String etag = server.etag("/f");

        HttpResponse<byte[]> same = get("/f", "Range", "bytes=10-19", "If-Range", etag);
        assertThat(same.statusCode()).isEqualTo(206);
        assertThat(same.body()).hasSize(10);

        HttpResponse<byte[]> stale = get("/f", "Range", "bytes=10-19", "If-Range", "\"0123\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(DATA);
        assertThat(server.awaitRequests(2, q -> true, WAIT)).extracting(ServedRequest::ifRange)
                .containsExactly(etag, "\"0123\"");
    }

    @Test
    void ignoreRangeAlwaysSendsEverything() throws Exception {
        server.put("/f", DATA);
        server.ignoreRange(true);

        HttpResponse<byte[]> r = get("/f", "Range", "bytes=100-");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(DATA);
        assertThat(r.headers().firstValue("Accept-Ranges")).isEmpty();
        assertThat(r.headers().firstValue("Content-Range")).isEmpty();
        server.ignoreRange(false);
        assertThat(get("/f", "Range", "bytes=100-").statusCode()).isEqualTo(206);
    }

    @Test
    void cutConnectionsCanBeResumedWithRange() throws Exception {
        server.put("/f", DATA);
        server.cutAfter(50_000, 2);

        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Long> resumedAt = new ArrayList<>();
        while (got.size() < DATA.length) {
            assertThat(resumedAt).hasSizeLessThan(3);
            resumedAt.add((long) got.size());
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/f"))).timeout(WAIT);
            if (got.size() > 0) {
                b.header("Range", "bytes=" + got.size() + "-").header("If-Range", server.etag("/f"));
            }
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(got.size() == 0 ? 200 : 206);
            try (InputStream in = r.body()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                }
            } catch (IOException e) {
                // the cut: a premature end of the body
            }
        }

        // The server writes exactly 50,000 body bytes before each cut, but the client may lose the tail that was
        // still in flight when the connection broke (seen in CI: 48,968 arrived), so each resume starts where the
        // client's copy ends, not necessarily at 50,000.
        assertThat(resumedAt).hasSize(3).startsWith(0L).isSorted();
        assertThat(got.toByteArray()).isEqualTo(DATA);
        List<ServedRequest> served = server.awaitRequests(3, q -> true, WAIT);
        assertThat(served).satisfiesExactly(
                q -> assertThat(q).extracting(ServedRequest::status, ServedRequest::offset, ServedRequest::bodyBytes,
                        ServedRequest::outcome).containsExactly(200, 0L, 50_000L, ServedRequest.Outcome.CUT),
                q -> assertThat(q).extracting(ServedRequest::status, ServedRequest::offset, ServedRequest::bodyBytes,
                        ServedRequest::outcome).containsExactly(206, resumedAt.get(1), 50_000L,
                                ServedRequest.Outcome.CUT),
                q -> assertThat(q).extracting(ServedRequest::status, ServedRequest::offset, ServedRequest::bodyBytes,
                        ServedRequest::outcome).containsExactly(206, resumedAt.get(2),
                                DATA.length - resumedAt.get(2), ServedRequest.Outcome.COMPLETE));
        assertThat(resumedAt.get(1)).isPositive().isLessThanOrEqualTo(50_000L);
        assertThat(resumedAt.get(2)).isGreaterThan(resumedAt.get(1)).isLessThanOrEqualTo(resumedAt.get(1) + 50_000);
        assertThat(server.bytesServed()).isEqualTo(served.stream().mapToLong(ServedRequest::bodyBytes).sum());
    }

    @Test
    void aCutAtZeroBytesEndsRightAfterTheHeaders() throws Exception {
        server.put("/f", DATA);
        server.cutAfter(0, 1);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/f"))).timeout(WAIT)
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> {
            try (InputStream in = r.body()) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
        assertThat(get("/f").body()).isEqualTo(DATA); // only one cut was ordered
    }

    @Test
    void throttlingPacesTheBody() throws Exception {
        byte[] small = Arrays.copyOf(DATA, 40_000);
        server.put("/f", small);
        server.throttle(80_000);

        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = get("/f");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(r.body()).isEqualTo(small);
        // pacing can only make it slower, never faster: 40,000 bytes at 80,000 B/s take at least 0.5 s (the
        // last 4,000-byte chunk leaves after 0.45 s)
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void heldResponsesShowProgressAndDoNotBlockOthers() throws Exception {
        server.put("/big", DATA);
        server.put("/small", "hello".getBytes(StandardCharsets.UTF_8));
        server.holdAfter(30_000);

        CompletableFuture<HttpResponse<byte[]>> big = http.sendAsync(HttpRequest.newBuilder(
                URI.create(server.url("/big"))).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
        server.awaitHeld(WAIT);
        assertThat(server.bytesServed()).isEqualTo(30_000);
        assertThat(big).isNotDone();

        server.release(); // the small file must not be held either
        assertThat(get("/small").body()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(big.get(30, TimeUnit.SECONDS).body()).isEqualTo(DATA);
    }

    @Test
    void aHeldResponseDoesNotDelayAnotherRequest() throws Exception {
        server.put("/big", DATA);
        server.holdAfter(1000);
        CompletableFuture<HttpResponse<byte[]>> big = http.sendAsync(HttpRequest.newBuilder(
                URI.create(server.url("/big"))).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
        server.awaitHeld(WAIT);

        // a second client (own connection) gets its 404 while the first response is held
        HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThat(other.send(HttpRequest.newBuilder(URI.create(server.url("/nothing"))).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(404);
        assertThat(big).isNotDone();
        server.release();
        assertThat(big.get(30, TimeUnit.SECONDS).body()).isEqualTo(DATA);
    }

    @Test
    void aClientThatGoesAwayIsLoggedAsAborted() throws Exception {
        byte[] large = new byte[8 * 1024 * 1024];
        server.put("/large", large);
        server.holdAfter(1000);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET /large HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            server.awaitHeld(WAIT);
        }
        server.release();
        ServedRequest q = server.awaitRequests(1, r -> true, WAIT).get(0);
        assertThat(q.outcome()).isEqualTo(ServedRequest.Outcome.CLIENT_ABORTED);
        assertThat(q.bodyBytes()).isLessThan(large.length);
    }

    @Test
    void basicAuthIsRequiredWhenSet() throws Exception {
        server.put("/f", DATA);
        server.requireBasicAuth("kapua", "s3cret");

        HttpResponse<byte[]> none = get("/f");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"weir-test\"");
        assertThat(get("/f", "Authorization", basic("kapua", "wrong")).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> ok = get("/f", "Authorization", basic("kapua", "s3cret"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(DATA);

        assertThat(server.awaitRequests(3, q -> true, WAIT)).extracting(ServedRequest::status, ServedRequest::user)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(401, null),
                        org.assertj.core.groups.Tuple.tuple(401, "kapua"),
                        org.assertj.core.groups.Tuple.tuple(200, "kapua"));
        assertThat(server.bytesServed()).isEqualTo(DATA.length);
        server.requireBasicAuth(null, null);
        assertThat(get("/f").statusCode()).isEqualTo(200);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void headUnknownPathsAndOtherMethods() throws Exception {
        server.put("/f", DATA);
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(server.url("/f"))).timeout(WAIT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("200000");
        assertThat(head.headers().firstValue("ETag")).hasValue(server.etag("/f"));

        assertThat(get("/missing").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(server.url("/f"))).timeout(WAIT)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);
        server.remove("/f");
        assertThat(get("/f").statusCode()).isEqualTo(404);
        assertThat(server.bytesServed()).isZero();
        assertThat(server.requestCount()).isEqualTo(4);
    }
}
