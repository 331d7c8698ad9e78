// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.itest;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Copied into a test bundle whose start must fail. */
public final class FailingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("activator refuses to start");
    }

    @Override
    public void stop(BundleContext context) {
        // nothing
    }
}
