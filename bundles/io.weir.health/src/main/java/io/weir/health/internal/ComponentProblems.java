// SPDX-License-Identifier: Apache-2.0
package io.weir.health.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Turns the DS runtime's DTOs into the component section of the health report: which components are
 * unsatisfied and why, which wait for a required configuration, which are disabled. Pure logic.
 */
final class ComponentProblems {

    /** Components that are enabled, need a configuration and have none: normal for factory components. */
    final List<String> awaitingConfiguration = new ArrayList<>();
    final List<String> disabled = new ArrayList<>();
    /** One entry per unsatisfied or failed component configuration. */
    final List<Map<String, Object>> unsatisfied = new ArrayList<>();
    int total;
    int active;
    int satisfied;

    /** A component description with its enabled flag and current configurations. */
    static final class Component {
        final ComponentDescriptionDTO description;
        final boolean enabled;
        final Collection<ComponentConfigurationDTO> configurations;

        Component(ComponentDescriptionDTO description, boolean enabled,
                Collection<ComponentConfigurationDTO> configurations) {
            this.description = description;
            this.enabled = enabled;
            this.configurations = configurations;
        }
    }

    static ComponentProblems evaluate(Collection<Component> components, Set<String> ignored) {
        ComponentProblems p = new ComponentProblems();
        for (Component c : components) {
            ComponentDescriptionDTO d = c.description;
            if (ignored.contains(d.name)) {
                continue;
            }
            p.total++;
            if (!c.enabled) {
                p.disabled.add(d.name);
                continue;
            }
            if (c.configurations.isEmpty()) {
                if ("require".equals(d.configurationPolicy)) {
                    p.awaitingConfiguration.add(d.name);
                } else {
                    p.unsatisfied.add(entry(d, "UNSATISFIED", "enabled but no component configuration exists yet"));
                }
                continue;
            }
            for (ComponentConfigurationDTO cc : c.configurations) {
                switch (cc.state) {
                    case ComponentConfigurationDTO.ACTIVE:
                        p.active++;
                        break;
                    case ComponentConfigurationDTO.SATISFIED:
                        p.satisfied++;
                        break;
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                        p.unsatisfied.add(entry(d, "UNSATISFIED_CONFIGURATION",
                                "missing configuration for PID " + String.join(", ", d.configurationPid)));
                        break;
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                        p.unsatisfied.add(entry(d, "UNSATISFIED_REFERENCE", references(cc.unsatisfiedReferences)));
                        break;
                    case ComponentConfigurationDTO.FAILED_ACTIVATION:
                        p.unsatisfied.add(entry(d, "FAILED_ACTIVATION", "activation failed: " + firstLine(cc.failure)));
                        break;
                    default:
                        p.unsatisfied.add(entry(d, "UNKNOWN", "unknown component state " + cc.state));
                }
            }
        }
        return p;
    }

    private static String references(UnsatisfiedReferenceDTO[] refs) {
        if (refs == null || refs.length == 0) {
            return "unsatisfied reference";
        }
        List<String> parts = new ArrayList<>();
        for (UnsatisfiedReferenceDTO r : refs) {
            parts.add("no service for reference '" + r.name + "'" + (r.target != null ? " with target " + r.target : ""));
        }
        return String.join("; ", parts);
    }

    /**
     * The most useful line of a DS failure: the root cause ("Caused by: ...") if there is one, because the
     * first line of a constructor failure is only "InvocationTargetException"; otherwise the first line.
     */
    private static String firstLine(String failure) {
        if (failure == null || failure.isBlank()) {
            return "(no detail)";
        }
        String best = null;
        for (String line : failure.split("\n")) {
            String l = line.trim();
            if (l.startsWith("Caused by: ")) {
                best = l.substring("Caused by: ".length());
            }
        }
        if (best != null) {
            return best;
        }
        int nl = failure.indexOf('\n');
        return (nl < 0 ? failure : failure.substring(0, nl)).trim();
    }

    private static Map<String, Object> entry(ComponentDescriptionDTO d, String state, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name);
        m.put("bundle", d.bundle != null ? d.bundle.symbolicName : null);
        m.put("state", state);
        m.put("reason", reason);
        return m;
    }
}
