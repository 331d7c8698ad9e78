// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A configurable component as found on the gateway: its PID, factory PID, definition and the raw properties Config
 * Admin holds for it. Immutable snapshot; the raw map is not copied deeply.
 *
 * @param pid the configuration PID
 * @param factoryPid the factory PID of a factory instance, or {@code null}
 * @param definition the metatype definition (private attributes left out)
 * @param stored the properties of the current configuration, or {@code null} if none exists (the component runs
 *        on its metatype defaults)
 */
record ConfigTarget(String pid, @Nullable String factoryPid, Definition definition,
        @Nullable Map<String, Object> stored) {

    /** Properties Config Admin maintains itself: never shown as settable, never written by the apps. */
    static final Set<String> ADMIN_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    /** Properties that identify a configuration and are ignored when a request sends them back. */
    static final Set<String> IGNORED_INPUT_KEYS = Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation", "kura.service.pid", "component.name", "component.id");
}
