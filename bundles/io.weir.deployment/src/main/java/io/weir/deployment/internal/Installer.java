// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.deployment.FailureReason;
import io.weir.deployment.PackageCheck;

/**
 * Installs one verified package through Deployment Admin and checks that every bundle of it (fragments aside)
 * becomes ACTIVE within the start timeout. If one does not, the install is rolled back: the previous version of the
 * package is installed again from its archive, or, if there was none, the new package is uninstalled. Runs on the
 * agent's install thread; one call at a time.
 */
final class Installer {

    /**
     * The outcome of an install.
     *
     * @param pkg the installed package, or {@code null} if it failed
     * @param reason the failure, or {@code null}
     * @param message what happened
     * @param rolledBack whether a rollback was done (and succeeded)
     */
    record Outcome(DeploymentPackage pkg, FailureReason reason, String message, boolean rolledBack) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Installer.class);
    private static final long POLL_MS = 50;

    private final DeploymentAdmin admin;
    private final long startTimeoutMs;
    private final Supplier<List<PackageCheck>> checks;

    Installer(DeploymentAdmin admin, long startTimeoutMs, Supplier<List<PackageCheck>> checks) {
        this.admin = admin;
        this.startTimeoutMs = startTimeoutMs;
        this.checks = checks;
    }

    /**
     * @param file the verified package
     * @param name its symbolic name
     * @param previousArchive the archived previous version, or {@code null} if there is none
     */
    Outcome install(Path file, String name, Path previousArchive) throws InterruptedException {
        DeploymentPackage previous = admin.getDeploymentPackage(name);
        DeploymentPackage installed;
        try {
            installed = installStripped(file);
        } catch (org.osgi.service.deploymentadmin.DeploymentException e) {
            return new Outcome(null, FailureReason.INSTALL_FAILED, "Deployment Admin refused the package (code "
                    + e.getCode() + "): " + e.getMessage(), false);
        } catch (IOException e) {
            return new Outcome(null, FailureReason.STORAGE_FAILURE, "cannot read " + file + ": " + e, false);
        }
        String problem = checkBundles(installed);
        if (problem == null) {
            problem = runChecks(name, installed);
        }
        if (problem == null) {
            return new Outcome(installed, null, "installed " + name + " " + installed.getVersion(), false);
        }
        FailureReason reason = problem.startsWith("R:") ? FailureReason.RESOLUTION_FAILED
                : problem.startsWith("C:") ? FailureReason.CHECK_FAILED : FailureReason.START_FAILED;
        String why = problem.substring(2);
        LOG.warn("Package {} {}: {}; rolling back", name, installed.getVersion(), why);
        String rollback = rollback(installed, previous, previousArchive);
        boolean ok = rollback.startsWith("rolled back");
        return new Outcome(null, reason, why + "; " + rollback, ok);
    }

    /** Hands Deployment Admin a copy without signature files (see {@link SignatureStripper}). */
    private DeploymentPackage installStripped(Path file)
            throws IOException, org.osgi.service.deploymentadmin.DeploymentException {
        Path copy = Files.createTempFile(file.toAbsolutePath().getParent(), "da-", ".dp.tmp");
        try {
            SignatureStripper.strip(file, copy);
            try (InputStream in = Files.newInputStream(copy)) {
                return admin.installDeploymentPackage(in);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** @return {@code null} if all bundles are ACTIVE, else "R:" or "S:" and the bundle and reason */
    private String checkBundles(DeploymentPackage dp) throws InterruptedException {
        long deadline = System.nanoTime() + startTimeoutMs * 1_000_000L;
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle b = dp.getBundle(info.getSymbolicName());
            if (b == null) {
                return "R:bundle " + info.getSymbolicName() + " " + info.getVersion() + " is not installed";
            }
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            boolean lazy = Constants.ACTIVATION_LAZY.equals(
                    String.valueOf(b.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY)).split(";")[0].trim());
            while (!started(b, lazy) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MS);
            }
            if (started(b, lazy)) {
                continue;
            }
            String label = b.getSymbolicName() + " " + b.getVersion();
            try {
                b.start();
                if (started(b, lazy)) {
                    continue;
                }
                return "S:bundle " + label + " is " + StateNames.of(b.getState()) + ", not ACTIVE, after "
                        + startTimeoutMs + " ms";
            } catch (BundleException e) {
                boolean resolve = e.getType() == BundleException.RESOLVE_ERROR || b.getState() == Bundle.INSTALLED;
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return (resolve ? "R:bundle " + label + " does not resolve: " : "S:bundle " + label
                        + " does not start: ") + cause.getMessage();
            } catch (IllegalStateException e) {
                return "S:bundle " + label + " was uninstalled";
            }
        }
        return null;
    }

    /** @return {@code null} if every {@link PackageCheck} accepts the package, else "C:" and the first reason */
    private String runChecks(String name, DeploymentPackage dp) throws InterruptedException {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleInfo info : dp.getBundleInfos()) {
            Bundle b = dp.getBundle(info.getSymbolicName());
            if (b != null) {
                bundles.add(b);
            }
        }
        for (PackageCheck check : checks.get()) {
            String why;
            try {
                why = check.check(name, List.copyOf(bundles), startTimeoutMs);
            } catch (RuntimeException e) {
                why = "the package check " + check.getClass().getName() + " failed: " + e;
            }
            if (why != null) {
                return "C:" + why;
            }
        }
        return null;
    }

    private static boolean started(Bundle b, boolean lazy) {
        int s = b.getState();
        return s == Bundle.ACTIVE || (lazy && s == Bundle.STARTING);
    }

    private String rollback(DeploymentPackage installed, DeploymentPackage previous, Path previousArchive) {
        if (previous != null && previousArchive != null && Files.isRegularFile(previousArchive)) {
            try {
                DeploymentPackage back = installStripped(previousArchive);
                return "rolled back to " + back.getName() + " " + back.getVersion();
            } catch (org.osgi.service.deploymentadmin.DeploymentException | IOException e) {
                LOG.error("Rollback of {} to its previous version failed: {}", installed.getName(), e.toString());
                return "ROLLBACK FAILED: the previous version could not be reinstalled: " + e.getMessage();
            }
        }
        try {
            installed.uninstall();
            return "rolled back: the package was uninstalled"
                    + (previous != null ? " (no archive of the previous version " + previous.getVersion() + ")" : "");
        } catch (org.osgi.service.deploymentadmin.DeploymentException e) {
            LOG.warn("Uninstall of {} failed ({}); forcing it", installed.getName(), e.toString());
            try {
                installed.uninstallForced();
                return "rolled back: the package was uninstalled (forced)";
            } catch (org.osgi.service.deploymentadmin.DeploymentException | RuntimeException e2) {
                LOG.error("Forced uninstall of {} failed: {}", installed.getName(), e2.toString());
                return "ROLLBACK FAILED: the package could not be uninstalled: " + e2.getMessage();
            }
        }
    }
}
