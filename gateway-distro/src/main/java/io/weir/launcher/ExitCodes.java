// SPDX-License-Identifier: Apache-2.0
package io.weir.launcher;

/** Process exit codes of the gateway launcher; documented in gateway-distro/README.md. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int DATA_DIR = 3;
    static final int DATA_DIR_LOCKED = 4;
    static final int HTTP = 5;
    static final int BUNDLES = 6;

    private ExitCodes() {
    }
}
