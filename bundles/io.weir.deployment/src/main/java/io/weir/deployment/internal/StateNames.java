// SPDX-License-Identifier: Apache-2.0
package io.weir.deployment.internal;

import org.osgi.framework.Bundle;

/** Bundle state names as {@link io.weir.deployment.PackageInfo.BundleInfo#state()} uses them. */
final class StateNames {

    private StateNames() {
    }

    static String of(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
