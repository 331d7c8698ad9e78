// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.deployment.DeploymentAgent;
import io.weir.deployment.DeploymentEvent;
import io.weir.deployment.DeploymentEvent.Operation;
import io.weir.deployment.DeploymentEvent.Status;
import io.weir.deployment.DeploymentException;
import io.weir.deployment.DeploymentListener;
import io.weir.deployment.DownloadRequest;
import io.weir.deployment.FailureReason;
import io.weir.deployment.InstallRequest;
import io.weir.deployment.PackageCheck;
import io.weir.deployment.PackageInfo;
import io.weir.deployment.UninstallRequest;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

/**
 * The deployment agent: downloads on thread {@code weir-deployment-download}, verification, install and uninstall on
 * thread {@code weir-deployment-install}, through Deployment Admin; every operation is written to the audit log. Also
 * the {@code deployment} health contribution. A configuration change restarts the component (a running download is
 * cancelled).
 */
@Component(configurationPid = PackageAgent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = { DeploymentAgent.class, HealthContributor.class })
@Designate(ocd = AgentConfig.class)
public final class PackageAgent implements DeploymentAgent, HealthContributor {

    /** The configuration PID. */
    public static final String PID = "io.weir.deployment";

    private static final Logger LOG = LoggerFactory.getLogger(PackageAgent.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,199}");

    /** A running operation: its latest event, and for a download, the downloader. */
    private static final class Job {
        volatile DeploymentEvent last;
        volatile Downloader downloader;

        Job(DeploymentEvent first) {
            this.last = first;
        }
    }

    private final Settings settings;
    private final DeploymentAdmin admin;
    private final AuditLog audit;
    private final PackageVerifier verifier;
    private final Installer installer;
    private final ExecutorService downloads;
    private final ExecutorService installs;
    private final AtomicReference<Job> download = new AtomicReference<>();
    private final AtomicReference<Job> install = new AtomicReference<>();

    /** Checks run on every installed package once its bundles are ACTIVE (whiteboard). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.UPDATE)
    private final List<PackageCheck> checks = new CopyOnWriteArrayList<>();
    private volatile String lastFailure = "";

    /** Validates the configuration and starts the two worker threads; no I/O. */
    @Activate
    public PackageAgent(AgentConfig config, BundleContext context, @Reference DeploymentAdmin admin) {
        String data = context.getProperty("weir.data");
        this.settings = Settings.from(config, Path.of(data == null ? "weir-data" : data));
        this.admin = admin;
        this.audit = new AuditLog(settings.audit(), settings.auditMaxBytes(), Clock.systemUTC());
        this.verifier = new PackageVerifier(settings.trust(), settings.allowUnsigned(), 4 * settings.maxBytes(),
                PackageVerifier.MAX_ENTRIES);
        this.installer = new Installer(admin, settings.startTimeoutMs(), () -> checks);
        this.downloads = Executors.newSingleThreadExecutor(r -> new Thread(r, "weir-deployment-download"));
        this.installs = Executors.newSingleThreadExecutor(r -> new Thread(r, "weir-deployment-install"));
        if (settings.allowUnsigned()) {
            LOG.warn("DEVELOPMENT MODE: {} allow.unsigned=true: unsigned deployment packages will be installed", PID);
        }
        sweep(settings.downloads(), ".part", ".dp.tmp");
        sweep(settings.packages(), ".tmp");
        LOG.info("Deployment agent started: downloads in {}, trusted certificates in {}", settings.downloads(),
                settings.trust());
    }

    /**
     * Deletes what a crash ({@code kill -9}, power loss) left in the middle of a download or install: partial
     * downloads, the copies handed to Deployment Admin, half-written archives. No job runs yet, so none is in use.
     */
    static void sweep(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (Arrays.stream(suffixes).anyMatch(n::endsWith) && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    LOG.info("Deleted {}, left by an interrupted download or install", f);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot clean {} of interrupted downloads: {}", dir, e.toString());
        }
    }

    /** Cancels a running download and stops the threads (bounded wait). */
    @Deactivate
    void deactivate() {
        Job d = download.get();
        if (d != null && d.downloader != null) {
            d.downloader.cancel();
        }
        downloads.shutdownNow();
        installs.shutdown();
        try {
            if (!downloads.awaitTermination(5, TimeUnit.SECONDS) || !installs.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Deployment threads did not stop in time");
                installs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // download

    @Override
    public void download(DownloadRequest r, DeploymentListener listener) throws DeploymentException {
        checkName(r.name(), r.version());
        if (r.hash() != null) {
            String why = Downloader.checkHash(r.hash());
            if (why != null) {
                throw refuse(FailureReason.INVALID_REQUEST, why);
            }
        }
        String refusal = settings.urls().check(r.uri());
        if (refusal != null) {
            audit.write(AuditLog.Action.DOWNLOAD, r.name(), r.version(), r.requester(), r.jobId(), "refused",
                    FailureReason.URL_NOT_ALLOWED.name(), refusal);
            throw refuse(FailureReason.URL_NOT_ALLOWED, refusal);
        }
        String fileName = r.name() + "_" + r.version() + ".dp";
        Job job = new Job(event(r.jobId(), Operation.DOWNLOAD, Status.IN_PROGRESS, 0, -1, 0, r.name(), r.version(),
                fileName, r.requester(), null, "download started", false));
        if (!download.compareAndSet(null, job)) {
            throw refuse(FailureReason.BUSY, "a download is running");
        }
        job.downloader = new Downloader(settings, r, settings.downloads().resolve(fileName));
        try {
            downloads.execute(() -> runDownload(r, job, listener));
        } catch (RuntimeException e) {
            download.set(null);
            throw refuse(FailureReason.BUSY, "the agent is stopping");
        }
    }

    private void runDownload(DownloadRequest r, Job job, DeploymentListener listener) {
        // The first notification goes out once the server has answered and the size is known (as Kura's does);
        // until then GET/download reports this event, size -1.
        DeploymentEvent first = job.last;
        DeploymentEvent end;
        Path file = null;
        try {
            Downloader.Result result = job.downloader.run((transferred, total) -> {
                int pct = total > 0 ? (int) Math.min(99, transferred * 100 / total) : 0;
                DeploymentEvent e = with(first, Status.IN_PROGRESS, pct, total, transferred, null, null, false);
                job.last = e;
                notify(listener, e);
            });
            file = result.file();
            end = with(first, Status.COMPLETED, 100, result.size(), result.size(), null,
                    result.alreadyPresent() ? "already downloaded" : "downloaded " + result.size() + " bytes", false);
            audit.write(AuditLog.Action.DOWNLOAD, r.name(), r.version(), r.requester(), r.jobId(), "completed", null,
                    end.message() + " from " + Downloader.redact(r.uri().toString()));
        } catch (DeploymentException e) {
            DeploymentEvent last = job.last;
            Status s = e.reason() == FailureReason.CANCELLED ? Status.CANCELLED : Status.FAILED;
            end = with(first, s, last.progress(), last.totalBytes(), last.transferredBytes(), e.reason(),
                    e.getMessage(), false);
            failed(end);
            audit.write(s == Status.CANCELLED ? AuditLog.Action.CANCEL : AuditLog.Action.DOWNLOAD, r.name(),
                    r.version(), r.requester(), r.jobId(), s.name().toLowerCase(java.util.Locale.ROOT),
                    e.reason().name(), e.getMessage());
        } catch (RuntimeException e) {
            end = with(first, Status.FAILED, 0, -1, 0, FailureReason.DOWNLOAD_FAILED, e.toString(), false);
            failed(end);
            LOG.error("Download of {} {} failed unexpectedly", r.name(), r.version(), e);
        }
        job.last = end;
        download.set(null);
        notify(listener, end);
        if (end.status() == Status.COMPLETED && r.install()) {
            Job ij = new Job(event(r.jobId(), Operation.INSTALL, Status.IN_PROGRESS, 0, 0, 0, r.name(), r.version(),
                    end.fileName(), r.requester(), null, "verifying", false));
            if (!install.compareAndSet(null, ij)) {
                DeploymentEvent busy = with(ij.last, Status.FAILED, 0, 0, 0, FailureReason.BUSY,
                        "another install or uninstall is running", false);
                failed(busy);
                notify(listener, busy);
                return;
            }
            Path f = file;
            installs.execute(() -> runInstall(f, r.name(), r.version(), ij, listener, false));
        }
    }

    @Override
    public Optional<DeploymentEvent> currentDownload() {
        Job j = download.get();
        return j == null ? Optional.empty() : Optional.of(j.last);
    }

    @Override
    public boolean cancelDownload(String requester) {
        Job j = download.get();
        if (j == null || j.downloader == null) {
            return false;
        }
        LOG.info("Download of {} {} cancelled by {}", j.last.packageName(), j.last.packageVersion(), requester);
        j.downloader.cancel();
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // install and uninstall

    @Override
    public void install(InstallRequest r, DeploymentListener listener) throws DeploymentException {
        checkName(r.name(), r.version());
        String fileName = r.name() + "_" + r.version() + ".dp";
        Path file = settings.downloads().resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw refuse(FailureReason.NOT_FOUND, "no downloaded package " + fileName);
        }
        Job job = claimInstall(event(r.jobId(), Operation.INSTALL, Status.IN_PROGRESS, 0, 0, 0, r.name(), r.version(),
                fileName, r.requester(), null, "verifying", false));
        submitInstall(job, () -> runInstall(file, r.name(), r.version(), job, listener, false));
    }

    @Override
    public void installFile(Path file, String requester, long jobId, DeploymentListener listener)
            throws DeploymentException {
        if (!Files.isRegularFile(file)) {
            throw refuse(FailureReason.NOT_FOUND, "no such file " + file);
        }
        Path copy;
        try {
            if (Files.size(file) > settings.maxBytes()) {
                throw refuse(FailureReason.TOO_LARGE, file + " has " + Files.size(file) + " bytes; the limit is "
                        + settings.maxBytes());
            }
            Files.createDirectories(settings.downloads());
            copy = Files.createTempFile(settings.downloads(), "local-", ".dp.tmp");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DeploymentException(FailureReason.STORAGE_FAILURE, "cannot copy " + file + ": " + e, e);
        }
        Job job;
        try {
            job = claimInstall(event(jobId, Operation.INSTALL, Status.IN_PROGRESS, 0, 0, 0,
                    file.getFileName().toString(), "", file.getFileName().toString(), requester, null, "verifying",
                    false));
        } catch (DeploymentException e) {
            deleteQuietly(copy);
            throw e;
        }
        submitInstall(job, () -> runInstall(copy, null, null, job, listener, true));
    }

    private Job claimInstall(DeploymentEvent first) throws DeploymentException {
        Job job = new Job(first);
        if (!install.compareAndSet(null, job)) {
            throw refuse(FailureReason.BUSY, "another install or uninstall is running");
        }
        return job;
    }

    private void submitInstall(Job job, Runnable task) throws DeploymentException {
        try {
            installs.execute(task);
        } catch (RuntimeException e) {
            install.compareAndSet(job, null);
            throw refuse(FailureReason.BUSY, "the agent is stopping");
        }
    }

    private void runInstall(Path file, String name, String version, Job job, DeploymentListener listener,
            boolean deleteAfter) {
        DeploymentEvent first = job.last;
        notify(listener, first);
        DeploymentEvent end;
        String pkg = name == null ? first.packageName() : name;
        String ver = version == null ? first.packageVersion() : version;
        AuditLog.Action action = AuditLog.Action.INSTALL;
        try {
            PackageVerifier.Verified v = verifier.verify(file, name, version);
            pkg = v.name();
            ver = v.version();
            if (!v.signed()) {
                LOG.warn("DEVELOPMENT MODE: installing UNSIGNED package {} {} ({} allow.unsigned=true)", pkg, ver,
                        PID);
            }
            first = event(first.jobId(), Operation.INSTALL, Status.IN_PROGRESS, 30, 0, 0, pkg, ver, first.fileName(),
                    first.requester(), null, "installing", false);
            job.last = first;
            notify(listener, first);
            DeploymentPackage previous = admin.getDeploymentPackage(pkg);
            action = previous != null ? AuditLog.Action.UPDATE : AuditLog.Action.INSTALL;
            Path archive = settings.packages().resolve(pkg + ".dp");
            Installer.Outcome o = installer.install(file, pkg, Files.isRegularFile(archive) ? archive : null);
            if (o.reason() == null) {
                String message = o.message() + (v.signed() ? ", signed by "
                        + v.signer().getSubjectX500Principal().getName() : ", UNSIGNED (development mode)");
                message += archive(file, pkg, v.signed());
                end = with(first, Status.COMPLETED, 100, 0, 0, null, message, false);
                audit.write(action, pkg, ver, first.requester(), first.jobId(), "completed", null, message);
                LOG.info("Deployment package {} {} {} by {}", pkg, ver,
                        action == AuditLog.Action.UPDATE ? "updated" : "installed", first.requester());
            } else {
                end = with(first, Status.FAILED, 100, 0, 0, o.reason(), o.message(), o.rolledBack());
                audit.write(action, pkg, ver, first.requester(), first.jobId(), "failed", o.reason().name(),
                        o.message());
                if (o.rolledBack()) {
                    audit.write(AuditLog.Action.ROLLBACK, pkg, ver, first.requester(), first.jobId(), "completed",
                            o.reason().name(), o.message());
                }
            }
        } catch (DeploymentException e) {
            if (name == null) {
                // a local file refused before its headers were trusted: name it as it calls itself, for the log
                String[] peeked = PackageVerifier.peek(file);
                if (peeked != null) {
                    pkg = peeked[0];
                    ver = peeked[1];
                }
            }
            end = event(first.jobId(), Operation.INSTALL, Status.FAILED, first.progress(), 0, 0, pkg, ver,
                    first.fileName(), first.requester(), e.reason(), e.getMessage(), false);
            audit.write(action, pkg, ver, first.requester(), first.jobId(), "refused", e.reason().name(),
                    e.getMessage());
            LOG.warn("Deployment package {} {} refused: {} {}", pkg, ver, e.reason(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = with(first, Status.FAILED, first.progress(), 0, 0, FailureReason.CANCELLED,
                    "the agent stopped during the install", false);
        } catch (RuntimeException e) {
            LOG.error("Install of {} failed unexpectedly", pkg, e);
            end = with(first, Status.FAILED, first.progress(), 0, 0, FailureReason.INSTALL_FAILED, e.toString(),
                    false);
            audit.write(action, pkg, ver, first.requester(), first.jobId(), "failed",
                    FailureReason.INSTALL_FAILED.name(), e.toString());
        } finally {
            if (deleteAfter) {
                deleteQuietly(file);
            }
        }
        if (end.status() == Status.FAILED) {
            failed(end);
        }
        job.last = end;
        install.compareAndSet(job, null);
        notify(listener, end);
    }

    /** Keeps the installed package for a later rollback; returns a note for the message if that failed. */
    private String archive(Path file, String name, boolean signed) {
        Path target = settings.packages().resolve(name + ".dp");
        Path marker = settings.packages().resolve(name + ".unsigned");
        try {
            Files.createDirectories(settings.packages());
            Path tmp = Files.createTempFile(settings.packages(), name, ".tmp");
            try {
                Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (signed) {
                Files.deleteIfExists(marker);
            } else {
                Files.writeString(marker, "installed in development mode\n");
            }
            return "";
        } catch (IOException e) {
            LOG.error("Cannot archive {} for rollback in {}: {}", name, settings.packages(), e.toString());
            return " (" + FailureReason.STORAGE_FAILURE + ": not archived for rollback: " + e.getMessage() + ")";
        }
    }

    @Override
    public Optional<DeploymentEvent> currentInstall() {
        Job j = install.get();
        return j == null ? Optional.empty() : Optional.of(j.last);
    }

    @Override
    public void uninstall(UninstallRequest r, DeploymentListener listener) throws DeploymentException {
        DeploymentPackage dp = admin.getDeploymentPackage(r.name());
        if (dp == null || isSystem(dp)) {
            throw refuse(FailureReason.NOT_FOUND, "no installed package " + r.name());
        }
        String installed = dp.getVersion().toString();
        if (r.version() != null && !r.version().isBlank()
                && !org.osgi.framework.Version.parseVersion(r.version()).equals(dp.getVersion())) {
            throw refuse(FailureReason.NOT_FOUND, r.name() + " " + r.version() + " is not installed (" + installed
                    + " is)");
        }
        Job job = claimInstall(event(r.jobId(), Operation.UNINSTALL, Status.IN_PROGRESS, 0, 0, 0, r.name(),
                installed, null, r.requester(), null, "uninstalling", false));
        submitInstall(job, () -> runUninstall(r, installed, job, listener));
    }

    private void runUninstall(UninstallRequest r, String version, Job job, DeploymentListener listener) {
        DeploymentEvent first = job.last;
        notify(listener, first);
        DeploymentEvent end;
        DeploymentPackage dp = admin.getDeploymentPackage(r.name());
        try {
            if (dp == null) {
                throw new org.osgi.service.deploymentadmin.DeploymentException(0, "no longer installed");
            }
            dp.uninstall();
            deleteQuietly(settings.packages().resolve(r.name() + ".dp"));
            deleteQuietly(settings.packages().resolve(r.name() + ".unsigned"));
            end = with(first, Status.COMPLETED, 100, 0, 0, null, "uninstalled " + r.name() + " " + version, false);
            audit.write(AuditLog.Action.UNINSTALL, r.name(), version, r.requester(), r.jobId(), "completed", null,
                    end.message());
            LOG.info("Deployment package {} {} uninstalled by {}", r.name(), version, r.requester());
        } catch (org.osgi.service.deploymentadmin.DeploymentException | RuntimeException e) {
            end = with(first, Status.FAILED, 0, 0, 0, FailureReason.UNINSTALL_FAILED,
                    "Deployment Admin could not uninstall " + r.name() + ": " + e.getMessage(), false);
            failed(end);
            audit.write(AuditLog.Action.UNINSTALL, r.name(), version, r.requester(), r.jobId(), "failed",
                    FailureReason.UNINSTALL_FAILED.name(), end.message());
        }
        job.last = end;
        install.compareAndSet(job, null);
        notify(listener, end);
    }

    // ---------------------------------------------------------------------------------------------------------
    // queries, health, audit

    @Override
    public List<PackageInfo> packages() {
        List<PackageInfo> out = new ArrayList<>();
        for (DeploymentPackage dp : admin.listDeploymentPackages()) {
            if (!isSystem(dp)) {
                out.add(info(dp));
            }
        }
        out.sort(Comparator.comparing(PackageInfo::name));
        return out;
    }

    @Override
    public Optional<PackageInfo> getPackage(String name) {
        DeploymentPackage dp = admin.getDeploymentPackage(name);
        return dp == null || isSystem(dp) ? Optional.empty() : Optional.of(info(dp));
    }

    private PackageInfo info(DeploymentPackage dp) {
        List<PackageInfo.BundleInfo> bundles = new ArrayList<>();
        for (BundleInfo bi : dp.getBundleInfos()) {
            Bundle b = dp.getBundle(bi.getSymbolicName());
            bundles.add(new PackageInfo.BundleInfo(bi.getSymbolicName(), bi.getVersion().toString(),
                    b == null ? -1 : b.getBundleId(), b == null ? "UNINSTALLED" : StateNames.of(b.getState())));
        }
        boolean signed = Files.isRegularFile(settings.packages().resolve(dp.getName() + ".dp"))
                && !Files.exists(settings.packages().resolve(dp.getName() + ".unsigned"));
        return new PackageInfo(dp.getName(), dp.getVersion().toString(), signed, bundles);
    }

    private static boolean isSystem(DeploymentPackage dp) {
        return dp.getName() == null || dp.getName().isEmpty() || "System".equals(dp.getName());
    }

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public HealthReport health() {
        Map<String, String> details = new LinkedHashMap<>();
        int count = 0;
        for (DeploymentPackage dp : admin.listDeploymentPackages()) {
            count += isSystem(dp) ? 0 : 1;
        }
        details.put("packages", Integer.toString(count));
        details.put("allow.unsigned", Boolean.toString(settings.allowUnsigned()));
        Job d = download.get();
        if (d != null) {
            details.put("download", d.last.packageName() + " " + d.last.packageVersion() + " " + d.last.progress()
                    + "%");
        }
        if (!lastFailure.isEmpty()) {
            details.put("last.failure", lastFailure);
        }
        return settings.allowUnsigned()
                ? new HealthReport(HealthState.DEGRADED, "unsigned packages allowed (development mode)", details)
                : new HealthReport(HealthState.UP, "", details);
    }

    /** @return the last {@code n} audit log lines, oldest first (for the shell) */
    List<String> auditTail(int n) {
        return audit.tail(n);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private void failed(DeploymentEvent e) {
        lastFailure = e.operation() + " " + e.packageName() + " " + e.packageVersion() + ": " + e.reason()
                + (e.rolledBack() ? " (rolled back)" : "");
    }

    private static void checkName(String name, String version) throws DeploymentException {
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw refuse(FailureReason.INVALID_REQUEST, "invalid package name '" + name + "'");
        }
        try {
            org.osgi.framework.Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            throw refuse(FailureReason.INVALID_REQUEST, "invalid version '" + version + "'");
        }
    }

    private static DeploymentException refuse(FailureReason reason, String message) {
        LOG.warn("Deployment request refused: {} {}", reason, message);
        return new DeploymentException(reason, message);
    }

    private static DeploymentEvent event(long jobId, Operation op, Status status, int progress, long total,
            long transferred, String name, String version, String fileName, String requester, FailureReason reason,
            String message, boolean rolledBack) {
        return new DeploymentEvent(jobId, op, status, progress, total, transferred, name, version, fileName,
                requester, reason, message, rolledBack);
    }

    private static DeploymentEvent with(DeploymentEvent e, Status status, int progress, long total, long transferred,
            FailureReason reason, String message, boolean rolledBack) {
        return new DeploymentEvent(e.jobId(), e.operation(), status, progress, total, transferred, e.packageName(),
                e.packageVersion(), e.fileName(), e.requester(), reason, message, rolledBack);
    }

    private static void notify(DeploymentListener listener, DeploymentEvent e) {
        try {
            listener.onEvent(e);
        } catch (RuntimeException ex) {
            LOG.warn("A deployment listener failed on {} {}: {}", e.operation(), e.status(), ex.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", p, e.toString());
        }
    }
}
