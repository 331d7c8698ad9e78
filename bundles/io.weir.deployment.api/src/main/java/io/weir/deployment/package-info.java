// SPDX-License-Identifier: Apache-2.0
/**
 * The gateway's deployment agent: it downloads, verifies, installs and uninstalls OSGi Deployment Packages
 * ({@code .dp}).
 *
 * <ul>
 * <li>{@link io.weir.deployment.DeploymentAgent}: the service. One download and one install or uninstall run at a
 * time; every operation is asynchronous and reports through a {@link io.weir.deployment.DeploymentListener}.</li>
 * <li>{@link io.weir.deployment.DownloadRequest}, {@link io.weir.deployment.InstallRequest}, {@link
 * io.weir.deployment.UninstallRequest}: what to do, on whose behalf (the requester is written to the audit
 * log).</li>
 * <li>{@link io.weir.deployment.DeploymentEvent}: progress and outcome; a failure carries a {@link
 * io.weir.deployment.FailureReason} that callers map to their own response codes.</li>
 * <li>{@link io.weir.deployment.PackageInfo}: an installed package and its bundles.</li>
 * </ul>
 *
 * <p><b>Trust.</b> A package is installed only if every entry is signed by a certificate the gateway trusts, or if
 * the agent runs in an explicit development mode that allows unsigned packages. Rejections are {@link
 * io.weir.deployment.FailureReason#UNSIGNED}, {@link io.weir.deployment.FailureReason#UNTRUSTED} or {@link
 * io.weir.deployment.FailureReason#TAMPERED}.
 *
 * <p><b>Rollback.</b> A package whose bundles do not resolve or start is rolled back to the state before the
 * install: the previous version of the package, or nothing. The outcome is a failed install event with {@link
 * io.weir.deployment.DeploymentEvent#rolledBack()} set.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. Records are immutable.
 */
@Export
@Version("1.1.0")
@NullMarked
package io.weir.deployment;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
