// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.ResponseCode;

/**
 * Applies a validated set of writes to Config Admin all-or-nothing: if one write fails, the writes already done
 * are undone in reverse order (previous properties restored, created configurations deleted, deleted ones
 * recreated) before the failure is reported. Configurations are bound to any location ({@code "?"}), so the
 * bundle that owns the component receives them. Callers serialise calls.
 */
final class ConfigurationWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationWriter.class);
    private static final String ANY_LOCATION = "?";

    /** What to do with one configuration. */
    enum Kind {
        /** Create or update the configuration {@code pid}. */
        UPDATE,
        /** Create the named factory configuration {@code factoryPid~name}. */
        CREATE,
        /** Delete the configuration {@code pid}. */
        DELETE
    }

    /**
     * One write.
     *
     * @param kind what to do
     * @param pid the PID (for CREATE: {@code factoryPid~name})
     * @param factoryPid the factory PID (CREATE, and DELETE of a factory instance), or {@code null}
     * @param properties the complete new properties (UPDATE, CREATE), or {@code null} (DELETE)
     */
    record Write(Kind kind, String pid, @Nullable String factoryPid, @Nullable Map<String, Object> properties) {
    }

    private final ConfigurationAdmin configAdmin;

    ConfigurationWriter(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /**
     * @param writes the writes, in order
     * @throws RequestFailure 500 if a write failed; the writes done before it have been undone
     */
    void apply(List<Write> writes) throws RequestFailure {
        Deque<Runnable> undo = new ArrayDeque<>();
        for (Write w : writes) {
            try {
                undo.push(applyOne(w));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Writing the configuration of {} failed; undoing {} earlier write(s)", w.pid(),
                        undo.size(), e);
                while (!undo.isEmpty()) {
                    try {
                        undo.pop().run();
                    } catch (RuntimeException u) {
                        LOG.error("Restoring a configuration failed after a failed update; check the configuration"
                                + " of the components named in the previous warning", u);
                    }
                }
                throw new RequestFailure(ResponseCode.INTERNAL_ERROR, "writing the configuration of '" + w.pid()
                        + "' failed (" + e.getMessage() + "); no configuration was changed", e);
            }
        }
    }

    private Runnable applyOne(Write w) throws IOException {
        switch (w.kind()) {
            case UPDATE: {
                Configuration c = existing(w.pid());
                if (c == null) {
                    Configuration created = configAdmin.getConfiguration(w.pid(), ANY_LOCATION);
                    created.update(dictionary(w.properties()));
                    return () -> delete(created);
                }
                Dictionary<String, Object> before = c.getProperties();
                c.update(dictionary(w.properties()));
                return () -> update(c, before);
            }
            case CREATE: {
                String name = w.pid().substring(w.pid().indexOf('~') + 1);
                Configuration c = configAdmin.getFactoryConfiguration(w.factoryPid(), name, ANY_LOCATION);
                c.update(dictionary(w.properties()));
                return () -> delete(c);
            }
            case DELETE:
            default: {
                Configuration c = existing(w.pid());
                if (c == null) {
                    return () -> { };
                }
                Dictionary<String, Object> before = c.getProperties();
                String factoryPid = c.getFactoryPid();
                c.delete();
                return () -> recreate(w.pid(), factoryPid, before);
            }
        }
    }

    private @Nullable Configuration existing(String pid) throws IOException {
        try {
            Configuration[] cs = configAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return cs == null || cs.length == 0 ? null : cs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException("invalid pid " + pid, e);
        }
    }

    private void recreate(String pid, @Nullable String factoryPid, @Nullable Dictionary<String, Object> before) {
        try {
            Configuration c;
            if (factoryPid == null) {
                c = configAdmin.getConfiguration(pid, ANY_LOCATION);
            } else if (pid.startsWith(factoryPid + "~")) {
                c = configAdmin.getFactoryConfiguration(factoryPid, pid.substring(factoryPid.length() + 1),
                        ANY_LOCATION);
            } else {
                c = configAdmin.createFactoryConfiguration(factoryPid, ANY_LOCATION);
                LOG.warn("Recreated factory configuration {} under the new PID {}", pid, c.getPid());
            }
            c.update(before == null ? new Hashtable<>() : before);
        } catch (IOException e) {
            throw new IllegalStateException("cannot recreate " + pid, e);
        }
    }

    private static void delete(Configuration c) {
        try {
            c.delete();
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + c.getPid(), e);
        }
    }

    private static void update(Configuration c, @Nullable Dictionary<String, Object> before) {
        try {
            c.update(before == null ? new Hashtable<>() : before);
        } catch (IOException e) {
            throw new IllegalStateException("cannot restore " + c.getPid(), e);
        }
    }

    private static Dictionary<String, Object> dictionary(@Nullable Map<String, Object> props) {
        Hashtable<String, Object> d = new Hashtable<>();
        if (props != null) {
            props.forEach((k, v) -> {
                if (v != null && !ConfigTarget.ADMIN_KEYS.contains(k)) {
                    d.put(k, v);
                }
            });
        }
        return d;
    }

    /** Escapes an LDAP filter value (RFC 4515). */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')' || c == '\0') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
