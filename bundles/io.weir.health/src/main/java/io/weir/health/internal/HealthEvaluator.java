// SPDX-License-Identifier: Apache-2.0
package io.weir.health.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

/**
 * Composes the health report from snapshots of the framework, bundles, DS components and contributors.
 * Pure logic: no OSGi calls, so it is unit tested directly.
 */
final class HealthEvaluator {

    /** What the report needs to know about one bundle. */
    static final class BundleInfo {
        final long id;
        final String symbolicName;
        final String version;
        final boolean resolved;
        final boolean active;

        BundleInfo(long id, String symbolicName, String version, boolean resolved, boolean active) {
            this.id = id;
            this.symbolicName = symbolicName;
            this.version = version;
            this.resolved = resolved;
            this.active = active;
        }
    }

    private final Set<String> ignoredComponents;
    private final boolean unresolvedBundlesAreFatal;
    private final boolean degradedIsDown;

    HealthEvaluator(Set<String> ignoredComponents, boolean unresolvedBundlesAreFatal, boolean degradedIsDown) {
        this.ignoredComponents = Set.copyOf(ignoredComponents);
        this.unresolvedBundlesAreFatal = unresolvedBundlesAreFatal;
        this.degradedIsDown = degradedIsDown;
    }

    /**
     * @return the report as an ordered map ready for JSON; key {@code status} is {@code UP} or {@code DOWN}
     */
    Map<String, Object> evaluate(String version, String frameworkState, long uptimeMillis,
            Collection<BundleInfo> bundles, Collection<ComponentProblems.Component> components,
            Collection<HealthContributor> contributors) {
        List<String> reasons = new ArrayList<>();
        if (!"ACTIVE".equals(frameworkState)) {
            reasons.add("framework is " + frameworkState);
        }

        Map<String, Object> bundleSection = new LinkedHashMap<>();
        List<Map<String, Object>> unresolved = new ArrayList<>();
        int active = 0;
        for (BundleInfo b : bundles) {
            if (b.active) {
                active++;
            }
            if (!b.resolved) {
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("id", b.id);
                u.put("symbolicName", b.symbolicName);
                u.put("version", b.version);
                u.put("reason", "not resolved: a requirement is missing (the log names it)");
                unresolved.add(u);
            }
        }
        bundleSection.put("total", bundles.size());
        bundleSection.put("active", active);
        bundleSection.put("unresolved", unresolved);
        if (!unresolved.isEmpty() && unresolvedBundlesAreFatal) {
            reasons.add(unresolved.size() + " bundle(s) not resolved");
        }

        ComponentProblems problems = ComponentProblems.evaluate(components, ignoredComponents);
        if (!problems.unsatisfied.isEmpty()) {
            reasons.add(problems.unsatisfied.size() + " component(s) not satisfied");
        }
        Map<String, Object> componentSection = new LinkedHashMap<>();
        componentSection.put("total", problems.total);
        componentSection.put("active", problems.active);
        componentSection.put("satisfied", problems.satisfied);
        componentSection.put("awaitingConfiguration", problems.awaitingConfiguration);
        componentSection.put("disabled", problems.disabled);

        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthContributor c : contributors) {
            Map<String, Object> check = check(c);
            checks.add(check);
            Object state = check.get("state");
            if ("DOWN".equals(state) || (degradedIsDown && "DEGRADED".equals(state))) {
                reasons.add(check.get("name") + " is " + state);
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("status", reasons.isEmpty() ? "UP" : "DOWN");
        report.put("reasons", reasons);
        report.put("version", version);
        Map<String, Object> framework = new LinkedHashMap<>();
        framework.put("state", frameworkState);
        framework.put("uptimeSeconds", uptimeMillis / 1000);
        report.put("framework", framework);
        report.put("bundles", bundleSection);
        report.put("components", componentSection);
        report.put("unsatisfied", problems.unsatisfied);
        report.put("checks", checks);
        return report;
    }

    private static Map<String, Object> check(HealthContributor c) {
        Map<String, Object> m = new LinkedHashMap<>();
        String name;
        try {
            name = c.name();
        } catch (RuntimeException e) {
            name = c.getClass().getName();
        }
        m.put("name", name);
        try {
            HealthReport r = c.health();
            if (r == null) {
                throw new IllegalStateException("contributor returned no report");
            }
            m.put("state", r.state().name());
            m.put("message", r.message());
            m.put("details", r.details());
        } catch (RuntimeException e) {
            m.put("state", HealthState.DOWN.name());
            m.put("message", "health check failed: " + e);
            m.put("details", Map.of());
        }
        return m;
    }
}
