// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * DEPLOY-V2 (spec §4.1): bundles, deployment packages, download, install and uninstall, with the request metrics
 * Kapua sends. Listing methods and status queries insist on 200 ({@link ManagementException} otherwise); actions
 * return the {@link Reply} so that tests can check error codes. Progress arrives as notifications: see {@link
 * io.weir.testkit.kapua.KapuaManagerClient#awaitNotification}.
 *
 * <pre>{@code
 * DeployV2 deploy = Device.of(kapua, "acc", "gw-1").deploy();
 * assertThat(deploy.download(DownloadRequest.of(7L, url, "pkg", "1.0.0")).responseCode()).isEqualTo(200);
 * kapua.awaitNotification(7L, "install", Notification::isCompleted, Duration.ofSeconds(60));
 * assertThat(deploy.listPackages()).extracting(DeployV2.DeploymentPackage::name).contains("pkg");
 * }</pre>
 */
public final class DeployV2 {

    /** The app id. */
    public static final String APP_ID = "DEPLOY-V2";

    private final Device device;

    /** @param device the gateway */
    public DeployV2(Device device) {
        this.device = device;
    }

    /**
     * An OSGi bundle as {@code GET/bundles} lists it.
     *
     * @param name the symbolic name
     * @param version the version
     * @param id the bundle id
     * @param state {@code ACTIVE}, {@code RESOLVED}, ... or a number
     */
    public record Bundle(String name, String version, long id, String state) {
    }

    /**
     * A deployment package as {@code GET/packages} lists it.
     *
     * @param name the package name
     * @param version the package version
     * @param bundles the bundles it contains
     */
    public record DeploymentPackage(String name, String version, List<PackageBundle> bundles) {
        /** Copies the list. */
        public DeploymentPackage {
            bundles = List.copyOf(bundles);
        }
    }

    /**
     * A bundle of a deployment package.
     *
     * @param name the symbolic name
     * @param version the version
     */
    public record PackageBundle(String name, String version) {
    }

    /**
     * The answer to {@code GET/download}.
     *
     * @param size {@code dp.download.size} (bytes; -1 unknown; 0 when nothing is pending)
     * @param progress {@code dp.download.progress} (%)
     * @param status {@code dp.download.status}: {@code IN_PROGRESS}, {@code ALREADY DONE}, ...
     * @param jobId {@code job.id}, {@code null} when nothing is pending
     */
    public record DownloadStatus(int size, int progress, String status, @Nullable Long jobId) {
    }

    /**
     * The answer to {@code GET/install}.
     *
     * @param status {@code dp.install.status}: {@code IDLE} or {@code IN_PROGRESS}
     * @param name {@code dp.name} while installing, else {@code null}
     * @param version {@code dp.version} while installing, else {@code null}
     */
    public record InstallStatus(String status, @Nullable String name, @Nullable String version) {
    }

    // ---------------------------------------------------------------------------------------------- bundles

    /**
     * {@code GET/bundles}.
     *
     * @return the bundles
     * @throws ManagementException if the code is not 200 or the body is not the bundles XML
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<Bundle> listBundles() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("bundles"), null);
        return Device.parse(r, "DEPLOY-V2 GET/bundles", DeployV2::parseBundles);
    }

    /**
     * {@code EXEC/start/{id}}.
     *
     * @param bundleId the bundle id
     * @return the reply (200, or 400 for an unknown id)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply startBundle(long bundleId) throws NoReplyException, MqttException, InterruptedException {
        return startBundle(Long.toString(bundleId));
    }

    /**
     * {@code EXEC/start/{id}} with any id text (for tests of non-numeric ids).
     *
     * @param bundleId the resource level
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply startBundle(String bundleId) throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("start", bundleId), null);
    }

    /**
     * {@code EXEC/stop/{id}}.
     *
     * @param bundleId the bundle id
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply stopBundle(long bundleId) throws NoReplyException, MqttException, InterruptedException {
        return stopBundle(Long.toString(bundleId));
    }

    /**
     * {@code EXEC/stop/{id}} with any id text.
     *
     * @param bundleId the resource level
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply stopBundle(String bundleId) throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("stop", bundleId), null);
    }

    // ---------------------------------------------------------------------------------------------- packages

    /**
     * {@code GET/packages}.
     *
     * @return the installed deployment packages
     * @throws ManagementException if the code is not 200 or the body is not the packages XML
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public List<DeploymentPackage> listPackages() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("packages"), null);
        return Device.parse(r, "DEPLOY-V2 GET/packages", DeployV2::parsePackages);
    }

    /**
     * {@code EXEC/download} with the request's metrics ({@link DownloadRequest#toPayload()}).
     *
     * @param request the download
     * @return the reply (200 at once; 500 if another download is pending; 400 if malformed)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply download(DownloadRequest request) throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("download"), request.toPayload());
    }

    /**
     * {@code GET/download}.
     *
     * @return the download status
     * @throws ManagementException if the code is not 200 or a metric is missing or of the wrong type
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public DownloadStatus downloadStatus() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("download"), null);
        try {
            RawKuraPayload p = r.payload();
            Metric job = p.get("job.id");
            return new DownloadStatus(p.getInt32("dp.download.size"), p.getInt32("dp.download.progress"),
                    p.getString("dp.download.status"), job == null ? null : p.getInt64("job.id"));
        } catch (IllegalStateException e) {
            throw new ManagementException("DEPLOY-V2 GET/download: " + e.getMessage(), r, e);
        }
    }

    /**
     * {@code DEL/download}: cancels the pending download.
     *
     * @return the reply
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply cancelDownload() throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "DEL", List.of("download"), null);
    }

    /**
     * {@code EXEC/install} with Kapua's metrics, {@code dp.reboot} false and {@code dp.reboot.delay} 0.
     *
     * @param name {@code dp.name}
     * @param version {@code dp.version}
     * @param jobId {@code job.id}
     * @return the reply (200, or 400 if the file is not downloaded or an install runs)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply install(String name, String version, long jobId)
            throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("install"), installPayload(name, version, jobId, false, 0));
    }

    /**
     * @param name {@code dp.name}
     * @param version {@code dp.version}
     * @param jobId {@code job.id}
     * @param reboot {@code dp.reboot}, {@code null} to leave it out
     * @param rebootDelay {@code dp.reboot.delay}, {@code null} to leave it out
     * @return what Kapua sends for {@code EXEC/install}: {@code job.id} INT64, {@code dp.reboot} BOOL, {@code
     *     dp.reboot.delay} INT32, {@code dp.name}, {@code dp.version} STRING, {@code dp.install.system.update} BOOL
     *     false
     */
    public static RawKuraPayload installPayload(String name, String version, long jobId, @Nullable Boolean reboot,
            @Nullable Integer rebootDelay) {
        RawKuraPayload p = new RawKuraPayload().metric("job.id", MetricType.INT64, jobId);
        DownloadRequest.put(p, "dp.reboot", MetricType.BOOL, reboot);
        DownloadRequest.put(p, "dp.reboot.delay", MetricType.INT32, rebootDelay);
        return p.metric("dp.name", MetricType.STRING, name).metric("dp.version", MetricType.STRING, version)
                .metric("dp.install.system.update", MetricType.BOOL, false);
    }

    /**
     * {@code GET/install}. (Kapua itself reads a body here that Kura never sends; this reads the metrics.)
     *
     * @return the install status
     * @throws ManagementException if the code is not 200 or {@code dp.install.status} is missing
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public InstallStatus installStatus() throws NoReplyException, MqttException, InterruptedException {
        Reply r = device.requestOk(APP_ID, "GET", List.of("install"), null);
        try {
            RawKuraPayload p = r.payload();
            return new InstallStatus(p.getString("dp.install.status"),
                    p.has("dp.name") ? p.getString("dp.name") : null,
                    p.has("dp.version") ? p.getString("dp.version") : null);
        } catch (IllegalStateException e) {
            throw new ManagementException("DEPLOY-V2 GET/install: " + e.getMessage(), r, e);
        }
    }

    /**
     * {@code EXEC/uninstall} with Kapua's metrics, {@code dp.reboot} false and {@code dp.reboot.delay} 0.
     *
     * @param name {@code dp.name}
     * @param version {@code dp.version}
     * @param jobId {@code job.id}
     * @return the reply (200 at once, 400 if malformed)
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Reply uninstall(String name, String version, long jobId)
            throws NoReplyException, MqttException, InterruptedException {
        return device.request(APP_ID, "EXEC", List.of("uninstall"), uninstallPayload(name, version, jobId, false, 0));
    }

    /**
     * @param name {@code dp.name}
     * @param version {@code dp.version}, {@code null} to leave it out
     * @param jobId {@code job.id}
     * @param reboot {@code dp.reboot}, {@code null} to leave it out
     * @param rebootDelay {@code dp.reboot.delay}, {@code null} to leave it out
     * @return what Kapua sends for {@code EXEC/uninstall}: {@code job.id} INT64, {@code dp.reboot} BOOL, {@code
     *     dp.reboot.delay} INT32, {@code dp.name}, {@code dp.version} STRING
     */
    public static RawKuraPayload uninstallPayload(String name, @Nullable String version, long jobId,
            @Nullable Boolean reboot, @Nullable Integer rebootDelay) {
        RawKuraPayload p = new RawKuraPayload().metric("job.id", MetricType.INT64, jobId);
        DownloadRequest.put(p, "dp.reboot", MetricType.BOOL, reboot);
        DownloadRequest.put(p, "dp.reboot.delay", MetricType.INT32, rebootDelay);
        p.metric("dp.name", MetricType.STRING, name);
        DownloadRequest.put(p, "dp.version", MetricType.STRING, version);
        return p;
    }

    // ---------------------------------------------------------------------------------------------- XML

    /**
     * Parses a {@code GET/bundles} body as Kapua binds it: root {@code bundles} in no namespace, one {@code bundle}
     * per bundle with {@code name}, {@code version}, {@code id} (decimal) and {@code state}. Unknown elements are
     * ignored (as JAXB does); a missing field fails.
     *
     * @param xml the body
     * @return the bundles, in document order
     * @throws IllegalArgumentException if the body is not such a document
     */
    public static List<Bundle> parseBundles(byte[] xml) {
        Element root = Xml.root(Xml.parse(xml, "bundles body"), null, "bundles", "bundles body");
        List<Bundle> out = new ArrayList<>();
        for (Element b : Xml.children(root, null, "bundle")) {
            String what = "bundle #" + (out.size() + 1);
            String id = Xml.requiredText(b, null, "id", what);
            long idValue;
            try {
                idValue = Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " has a non-numeric <id> '" + id + "'", e);
            }
            out.add(new Bundle(Xml.requiredText(b, null, "name", what), Xml.requiredText(b, null, "version", what),
                    idValue, Xml.requiredText(b, null, "state", what)));
        }
        return List.copyOf(out);
    }

    /**
     * Parses a {@code GET/packages} body: root {@code packages} in no namespace, one {@code package} per deployment
     * package with {@code name}, {@code version} and {@code bundles/bundle} ({@code name}, {@code version}).
     *
     * @param xml the body
     * @return the packages, in document order
     * @throws IllegalArgumentException if the body is not such a document
     */
    public static List<DeploymentPackage> parsePackages(byte[] xml) {
        Element root = Xml.root(Xml.parse(xml, "packages body"), null, "packages", "packages body");
        List<DeploymentPackage> out = new ArrayList<>();
        for (Element p : Xml.children(root, null, "package")) {
            String what = "package #" + (out.size() + 1);
            List<PackageBundle> bundles = new ArrayList<>();
            for (Element bs : Xml.children(p, null, "bundles")) {
                for (Element b : Xml.children(bs, null, "bundle")) {
                    String bwhat = what + " bundle #" + (bundles.size() + 1);
                    bundles.add(new PackageBundle(Xml.requiredText(b, null, "name", bwhat),
                            Xml.requiredText(b, null, "version", bwhat)));
                }
            }
            out.add(new DeploymentPackage(Xml.requiredText(p, null, "name", what),
                    Xml.requiredText(p, null, "version", what), bundles));
        }
        return List.copyOf(out);
    }
}
