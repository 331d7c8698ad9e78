// SPDX-License-Identifier: Apache-2.0
/** The demo feature's implementation; not exported. */
@NullMarked
package io.weir.demo.internal;

import org.jspecify.annotations.NullMarked;
