// SPDX-License-Identifier: Apache-2.0
/**
 * A test HTTP server for package downloads on the JDK's {@code com.sun.net.httpserver}: {@link
 * io.weir.testkit.http.PackageServer}.
 */
@NullMarked
package io.weir.testkit.http;

import org.jspecify.annotations.NullMarked;
