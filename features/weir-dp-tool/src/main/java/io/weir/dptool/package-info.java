// SPDX-License-Identifier: Apache-2.0
/**
 * Builds and signs OSGi Deployment Packages: {@link io.weir.dptool.DpBuilder}, {@link io.weir.dptool.DpSigner},
 * {@link io.weir.dptool.DevKeys} and the command line {@link io.weir.dptool.Main}. Plain Java, usable from build
 * scripts and tests; exported so that in-framework tests can use it too.
 */
@Export
@Version("1.0.0")
package io.weir.dptool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
