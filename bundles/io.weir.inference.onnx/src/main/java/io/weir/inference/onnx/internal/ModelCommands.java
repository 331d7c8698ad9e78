// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.Hashtable;
import java.util.List;
import java.util.Locale;

import io.weir.inference.InferenceEngine;
import io.weir.inference.ModelMetrics;
import io.weir.inference.ModelStatus;

import org.apache.felix.service.command.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Gogo command {@code weir:models}: every model name with its serving version, state, counters and problem. */
@Component(service = {}, immediate = true)
public final class ModelCommands {

    private final InferenceEngine engine;
    private final ServiceRegistration<?> registration;

    @Activate
    public ModelCommands(BundleContext context, @Reference InferenceEngine engine) {
        this.engine = engine;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "weir");
        props.put("osgi.command.function", new String[] { "models" });
        Function f = (session, args) -> list();
        registration = context.registerService(Function.class, f, props);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // gone with the bundle
        }
    }

    String list() {
        List<ModelStatus> all = engine.status();
        if (all.isEmpty()) {
            return "no model bundles installed";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %-11s %-10s %10s %8s %9s %9s%n",
                "MODEL", "SERVING", "STATE", "PINNED", "CALLS", "ERRORS", "P50 µs", "P99 µs"));
        for (ModelStatus s : all) {
            ModelMetrics m = s.metrics().isEmpty() ? null : s.metrics().get(0);
            b.append(String.format(Locale.ROOT, "%-24s %-10s %-11s %-10s %10d %8d %9.0f %9.0f%n", s.name(),
                    s.active() == null ? "-" : s.active(), s.state(), s.pinned() == null ? "-" : s.pinned(),
                    m == null ? 0 : m.calls(), m == null ? 0 : m.errors(), m == null ? 0 : m.p50Micros(),
                    m == null ? 0 : m.p99Micros()));
            b.append("    installed: ").append(s.installed()).append('\n');
            if (!s.message().isEmpty()) {
                b.append("    ").append(s.message()).append('\n');
            }
        }
        return b.toString();
    }
}
