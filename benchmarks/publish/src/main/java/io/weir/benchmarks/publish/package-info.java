// SPDX-License-Identifier: Apache-2.0
/** The publish benchmark of the cloud link: Weir's cloud data service against raw Eclipse Paho. */
@NullMarked
package io.weir.benchmarks.publish;

import org.jspecify.annotations.NullMarked;
