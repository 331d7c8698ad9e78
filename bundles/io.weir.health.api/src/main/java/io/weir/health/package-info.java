// SPDX-License-Identifier: Apache-2.0
/**
 * Health contributions. Any bundle may register a {@link io.weir.health.HealthContributor} service; the
 * gateway's health endpoint ({@code GET /health}) and console aggregate every registered contributor with
 * the framework and component state into one report.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless a method says so.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.health;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
