// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the configurable components: every PID and factory PID for which an installed bundle's metatype declares
 * an OCD (through {@link MetaTypeService}), minus the ignored PIDs; a factory PID contributes each of its existing
 * factory configurations. Reads their current properties from Config Admin. Stateless apart from its services.
 */
final class ConfigurableComponents {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurableComponents.class);

    private final BundleContext context;
    private final MetaTypeService metaType;
    private final ConfigurationAdmin configAdmin;
    private final Set<String> ignored;

    ConfigurableComponents(BundleContext context, MetaTypeService metaType, ConfigurationAdmin configAdmin,
            Set<String> ignored) {
        this.context = context;
        this.metaType = metaType;
        this.configAdmin = configAdmin;
        this.ignored = Set.copyOf(ignored);
    }

    /** @return the definitions of the non-ignored PIDs (not factory) by PID, sorted */
    Map<String, Definition> singletonDefinitions() {
        return definitions(false);
    }

    /** @return the definitions of the non-ignored factory PIDs by factory PID, sorted */
    Map<String, Definition> factoryDefinitions() {
        return definitions(true);
    }

    /** @return every configurable component, singletons first, each group sorted by PID */
    List<ConfigTarget> all() {
        List<ConfigTarget> targets = new ArrayList<>();
        Map<String, Configuration> existing = new LinkedHashMap<>();
        for (Configuration c : list(null)) {
            existing.put(c.getPid(), c);
        }
        singletonDefinitions().forEach((pid, def) -> {
            Configuration c = existing.get(pid);
            targets.add(new ConfigTarget(pid, null, def, c == null ? null : toMap(c.getProperties())));
        });
        Map<String, Definition> factories = factoryDefinitions();
        Map<String, ConfigTarget> instances = new TreeMap<>();
        for (Configuration c : existing.values()) {
            Definition def = c.getFactoryPid() == null ? null : factories.get(c.getFactoryPid());
            if (def != null && !ignored.contains(c.getPid()) && c.getProperties() != null) {
                instances.put(c.getPid(), new ConfigTarget(c.getPid(), c.getFactoryPid(), def,
                        toMap(c.getProperties())));
            }
        }
        targets.addAll(instances.values());
        return targets;
    }

    /**
     * @param pid a PID
     * @return the configurable component with that PID, or {@code null} if there is none (or it is ignored)
     */
    @Nullable
    ConfigTarget find(String pid) {
        for (ConfigTarget t : all()) {
            if (t.pid().equals(pid)) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param t a component
     * @param withDefinition whether to include the definition
     * @return what the apps show: metatype defaults overlaid with the stored values, private properties and Config
     *         Admin's keys left out (a factory instance shows {@code service.factoryPid}), passwords masked
     */
    static ComponentConfiguration show(ConfigTarget t, boolean withDefinition) {
        Map<String, Property> props = new LinkedHashMap<>();
        t.definition().defaults(props);
        Map<String, Object> stored = t.stored();
        if (stored != null) {
            stored.forEach((k, v) -> {
                if (k.startsWith(".") || ConfigTarget.ADMIN_KEYS.contains(k) || v == null) {
                    return;
                }
                Definition.Attribute ad = t.definition().attribute(k);
                try {
                    props.put(k, Property.fromStored(v, ad == null ? null : ad.type()));
                } catch (IllegalArgumentException e) {
                    LOG.debug("Property {} of {} is not shown: {}", k, t.pid(), e.getMessage());
                }
            });
        }
        if (t.factoryPid() != null) {
            props.put("service.factoryPid", Property.scalar(PropertyType.STRING, t.factoryPid()));
        }
        props.replaceAll((k, p) -> p.masked());
        return new ComponentConfiguration(t.pid(), t.factoryPid(), withDefinition ? t.definition() : null, props);
    }

    /**
     * @param filter an LDAP filter, or {@code null} for all
     * @return the matching configurations, never {@code null}
     */
    List<Configuration> list(@Nullable String filter) {
        try {
            Configuration[] cs = configAdmin.listConfigurations(filter);
            return cs == null ? List.of() : List.of(cs);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configurations: " + e.getMessage(), e);
        }
    }

    static @Nullable Map<String, Object> toMap(@Nullable Dictionary<String, Object> d) {
        if (d == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            m.put(k, d.get(k));
        }
        return m;
    }

    private Map<String, Definition> definitions(boolean factory) {
        Map<String, Definition> defs = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.UNINSTALLED || b.getState() == Bundle.INSTALLED) {
                continue;
            }
            MetaTypeInformation info;
            try {
                info = metaType.getMetaTypeInformation(b);
            } catch (RuntimeException e) {
                LOG.debug("No metatype for bundle {}: {}", b.getSymbolicName(), e.getMessage());
                continue;
            }
            if (info == null) {
                continue;
            }
            String[] pids = factory ? info.getFactoryPids() : info.getPids();
            for (String pid : pids == null ? new String[0] : pids) {
                if (ignored.contains(pid) || defs.containsKey(pid)) {
                    continue;
                }
                try {
                    ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                    if (ocd != null) {
                        defs.put(pid, definition(ocd));
                    }
                } catch (RuntimeException e) {
                    LOG.warn("The metatype of {} in bundle {} is unusable: {}", pid, b.getSymbolicName(),
                            e.getMessage());
                }
            }
        }
        return defs;
    }

    /**
     * @param ocd a metatype OCD
     * @return its definition without private attributes; min and max are read from Felix Metatype's
     *         implementation where available, since the Metatype API does not expose them
     */
    static Definition definition(ObjectClassDefinition ocd) {
        Set<String> required = new HashSet<>();
        AttributeDefinition[] req = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        for (AttributeDefinition a : req == null ? new AttributeDefinition[0] : req) {
            required.add(a.getID());
        }
        List<Definition.Attribute> attrs = new ArrayList<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition a : all == null ? new AttributeDefinition[0] : all) {
            if (a.getID() == null || a.getID().startsWith(".")) {
                continue;
            }
            List<Definition.Option> options = new ArrayList<>();
            String[] values = a.getOptionValues();
            String[] labels = a.getOptionLabels();
            for (int i = 0; values != null && i < values.length; i++) {
                options.add(new Definition.Option(labels != null && i < labels.length ? labels[i] : values[i],
                        values[i]));
            }
            attrs.add(new Definition.Attribute(a.getID(), a.getName() == null ? a.getID() : a.getName(),
                    a.getDescription(), PropertyType.fromAttributeType(a.getType()), a.getCardinality(),
                    required.contains(a.getID()), a.getDefaultValue(), felix(a, "getMin"), felix(a, "getMax"),
                    options, a::validate));
        }
        return new Definition(ocd.getID(), ocd.getName() == null ? ocd.getID() : ocd.getName(),
                ocd.getDescription(), attrs);
    }

    /** Felix Metatype keeps min/max on its own AD, wrapped in a private field "ad"; best effort. */
    private static @Nullable String felix(AttributeDefinition a, String getter) {
        try {
            Object target = a;
            Method m = findMethod(target.getClass(), getter);
            if (m == null) {
                Field f = a.getClass().getDeclaredField("ad");
                f.setAccessible(true);
                target = f.get(a);
                m = target == null ? null : findMethod(target.getClass(), getter);
            }
            Object v = m == null ? null : m.invoke(target);
            return v instanceof String s && !s.isEmpty() ? s : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static @Nullable Method findMethod(Class<?> c, String name) {
        try {
            Method m = c.getMethod(name);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
