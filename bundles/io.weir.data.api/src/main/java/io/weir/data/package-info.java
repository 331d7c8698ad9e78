// SPDX-License-Identifier: Apache-2.0
/**
 * Weir's data model: {@link io.weir.data.Record records} of named {@link io.weir.data.TypedValue typed values}.
 *
 * <p>The seven {@link io.weir.data.DataType value types} are exactly those of the Kura payload, so a record
 * maps one to one onto a cloud message. Every type in this package is immutable and safe to share between
 * threads without synchronisation. Nothing in this package accepts or returns {@code null} unless a method
 * says so.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.data;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
