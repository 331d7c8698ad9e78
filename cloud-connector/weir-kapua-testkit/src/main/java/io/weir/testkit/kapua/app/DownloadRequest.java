// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of a DEPLOY-V2 {@code EXEC/download}, turned into exactly the metrics Kapua sends (spec §4.1 "What
 * Kapua sends"). Options left unset are not sent, except where Kapua fills in its defaults:
 * <ul>
 * <li>{@code dp.download.block.size} = 51200 when no block size is set: Kapua writes its notify-block-size default
 * (51200) into the block-size field (the observed quirk), and</li>
 * <li>{@code dp.download.notify.block.size} is then not sent at all;</li>
 * <li>{@code dp.download.block.delay} = 0 and {@code dp.download.timeout} = 60000 when unset (Kapua settings);</li>
 * <li>{@code dp.install.system.update} (false unless {@link #systemUpdate(boolean)}) and {@code
 * dp.download.protocol} = {@code HTTP} always.</li>
 * </ul>
 *
 * <pre>{@code
 * DownloadRequest r = DownloadRequest.of(42L, server.url("/p.dp"), "pkg", "1.0.0").install(true)
 *         .hash("SHA-256:" + hex);
 * Reply reply = device.deploy().download(r);
 * }</pre>
 *
 * <p>Mutable and not thread-safe.
 */
public final class DownloadRequest {

    /** What Kapua sends as {@code dp.download.block.size} by default (its notify-block-size default). */
    public static final int KAPUA_DEFAULT_BLOCK_SIZE = 51200;
    /** Kapua's default {@code dp.download.block.delay}. */
    public static final int KAPUA_DEFAULT_BLOCK_DELAY = 0;
    /** Kapua's default {@code dp.download.timeout} (ms). */
    public static final int KAPUA_DEFAULT_TIMEOUT = 60000;

    private final long jobId;
    private final String uri;
    private final String name;
    private final String version;
    private @Nullable Boolean reboot;
    private @Nullable Integer rebootDelay;
    private @Nullable String username;
    private @Nullable String password;
    private @Nullable String hash;
    private boolean systemUpdate;
    private @Nullable Boolean install;
    private @Nullable Boolean force;
    private @Nullable Integer blockSize;
    private @Nullable Integer blockDelay;
    private @Nullable Integer timeout;
    private @Nullable Integer notifyBlockSize;
    private @Nullable String verifierUri;

    private DownloadRequest(long jobId, String uri, String name, String version) {
        this.jobId = jobId;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * @param jobId the operation id ({@code job.id}, INT64)
     * @param uri the URL ({@code dp.uri})
     * @param name the package name ({@code dp.name})
     * @param version the package version ({@code dp.version})
     * @return a request with Kapua's defaults
     */
    public static DownloadRequest of(long jobId, String uri, String name, String version) {
        return new DownloadRequest(jobId, uri, name, version);
    }

    /** @return the operation id */
    public long jobId() {
        return jobId;
    }

    /**
     * @param v {@code dp.reboot}
     * @return this
     */
    public DownloadRequest reboot(@Nullable Boolean v) {
        reboot = v;
        return this;
    }

    /**
     * @param v {@code dp.reboot.delay} (ms)
     * @return this
     */
    public DownloadRequest rebootDelay(@Nullable Integer v) {
        rebootDelay = v;
        return this;
    }

    /**
     * @param user {@code dp.download.username}
     * @param pass {@code dp.download.password}
     * @return this
     */
    public DownloadRequest credentials(@Nullable String user, @Nullable String pass) {
        username = user;
        password = pass;
        return this;
    }

    /**
     * @param v {@code dp.download.hash}, {@code ALGORITHM:hex}
     * @return this
     */
    public DownloadRequest hash(@Nullable String v) {
        hash = v;
        return this;
    }

    /**
     * @param v {@code dp.install.system.update}: Kapua's file type EXECUTABLE_SCRIPT
     * @return this
     */
    public DownloadRequest systemUpdate(boolean v) {
        systemUpdate = v;
        return this;
    }

    /**
     * @param v {@code dp.install}
     * @return this
     */
    public DownloadRequest install(@Nullable Boolean v) {
        install = v;
        return this;
    }

    /**
     * @param v {@code dp.download.force} (Kapua's "restart")
     * @return this
     */
    public DownloadRequest force(@Nullable Boolean v) {
        force = v;
        return this;
    }

    /**
     * @param v {@code dp.download.block.size}; {@code null} for Kapua's 51200
     * @return this
     */
    public DownloadRequest blockSize(@Nullable Integer v) {
        blockSize = v;
        return this;
    }

    /**
     * @param v {@code dp.download.block.delay} (ms); {@code null} for Kapua's 0
     * @return this
     */
    public DownloadRequest blockDelay(@Nullable Integer v) {
        blockDelay = v;
        return this;
    }

    /**
     * @param v {@code dp.download.timeout} (ms); {@code null} for Kapua's 60000
     * @return this
     */
    public DownloadRequest timeout(@Nullable Integer v) {
        timeout = v;
        return this;
    }

    /**
     * @param v {@code dp.download.notify.block.size}; {@code null} to leave it out (Kapua's default)
     * @return this
     */
    public DownloadRequest notifyBlockSize(@Nullable Integer v) {
        notifyBlockSize = v;
        return this;
    }

    /**
     * @param v {@code dp.install.verifier.uri}
     * @return this
     */
    public DownloadRequest verifierUri(@Nullable String v) {
        verifierUri = v;
        return this;
    }

    /**
     * @return the request metrics in Kapua's order, with their types: {@code job.id} INT64, {@code dp.reboot} BOOL,
     *     {@code dp.reboot.delay} INT32, {@code dp.uri}, {@code dp.name}, {@code dp.version}, {@code
     *     dp.download.username}, {@code dp.download.password}, {@code dp.download.hash} STRING, {@code
     *     dp.install.system.update} BOOL, {@code dp.download.protocol} STRING, {@code dp.install}, {@code
     *     dp.download.force} BOOL, {@code dp.download.block.size}, {@code dp.download.block.delay}, {@code
     *     dp.download.timeout}, {@code dp.download.notify.block.size} INT32, {@code dp.install.verifier.uri} STRING;
     *     unset values left out
     */
    public RawKuraPayload toPayload() {
        RawKuraPayload p = new RawKuraPayload();
        p.metric("job.id", MetricType.INT64, jobId);
        put(p, "dp.reboot", MetricType.BOOL, reboot);
        put(p, "dp.reboot.delay", MetricType.INT32, rebootDelay);
        p.metric("dp.uri", MetricType.STRING, uri);
        p.metric("dp.name", MetricType.STRING, name);
        p.metric("dp.version", MetricType.STRING, version);
        put(p, "dp.download.username", MetricType.STRING, username);
        put(p, "dp.download.password", MetricType.STRING, password);
        put(p, "dp.download.hash", MetricType.STRING, hash);
        p.metric("dp.install.system.update", MetricType.BOOL, systemUpdate);
        p.metric("dp.download.protocol", MetricType.STRING, "HTTP");
        put(p, "dp.install", MetricType.BOOL, install);
        put(p, "dp.download.force", MetricType.BOOL, force);
        p.metric("dp.download.block.size", MetricType.INT32, blockSize != null ? blockSize : KAPUA_DEFAULT_BLOCK_SIZE);
        p.metric("dp.download.block.delay", MetricType.INT32, blockDelay != null ? blockDelay
                : KAPUA_DEFAULT_BLOCK_DELAY);
        p.metric("dp.download.timeout", MetricType.INT32, timeout != null ? timeout : KAPUA_DEFAULT_TIMEOUT);
        put(p, "dp.download.notify.block.size", MetricType.INT32, notifyBlockSize);
        put(p, "dp.install.verifier.uri", MetricType.STRING, verifierUri);
        return p;
    }

    static void put(RawKuraPayload p, String name, MetricType type, @Nullable Object value) {
        if (value != null) {
            p.metric(name, type, value);
        }
    }

    @Override
    public String toString() {
        return "DownloadRequest{job.id=" + jobId + ", " + name + " " + version + " from " + uri + "}";
    }
}
