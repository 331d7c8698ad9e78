// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.framework.Bundle;

/**
 * A check the deployment agent runs on a newly installed package once every bundle of it is ACTIVE, before it reports
 * the install as done. A bundle whose start succeeds may still be unusable to the service that consumes it: the
 * inference engine refuses a model bundle whose model file is corrupt, for example. A check that fails makes the
 * agent roll the install back, exactly as for a bundle that does not start, and report {@link
 * FailureReason#CHECK_FAILED} with the check's reason.
 *
 * <p>Whiteboard: register implementations as services; the agent calls every registered check, one after the other,
 * on its install thread, and stops at the first failure. Implemented by bundles that consume what packages carry: a
 * consumer type.
 */
@ConsumerType
public interface PackageCheck {

    /**
     * Checks the bundles of a package that was just installed or updated. Bundles this check has no opinion on are
     * ignored. May block up to {@code timeoutMillis} waiting for the outcome (for example a model being loaded).
     *
     * @param packageName the deployment package's symbolic name
     * @param bundles the package's bundles, all ACTIVE (fragments included, as installed)
     * @param timeoutMillis how long the check may wait
     * @return {@code null} if the package is fine for this check, else why it must be rolled back (a sentence
     *         naming the bundle)
     * @throws InterruptedException if the install thread is interrupted (the agent stops)
     */
    @Nullable
    String check(String packageName, List<Bundle> bundles, long timeoutMillis) throws InterruptedException;
}
