// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.weir.cloud.ResponseCode;
import io.weir.cloud.app.conf.internal.ConfigurationWriter.Kind;
import io.weir.cloud.app.conf.internal.ConfigurationWriter.Write;

/**
 * The undo logic of {@link ConfigurationWriter}: a small in-memory stand-in for Config Admin whose update fails for
 * one PID, so a failure in the middle of a multi-component write can be provoked (real Config Admin cannot be made
 * to fail on demand). The in-framework test covers the real Config Admin path.
 */
class ConfigurationWriterTest {

    private final Map<String, Dictionary<String, Object>> store = new HashMap<>();
    private final Map<String, String> factoryOf = new HashMap<>();

    private Configuration configuration(String pid, String factoryPid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { Configuration.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getPid" -> pid;
                    case "getFactoryPid" -> factoryOf.get(pid);
                    case "getProperties" -> store.get(pid) == null ? null : new Hashtable<>(
                            (Hashtable<String, Object>) store.get(pid));
                    case "update" -> {
                        if (pid.equals("fails")) {
                            throw new IOException("disk full");
                        }
                        store.put(pid, new Hashtable<>((Hashtable<String, Object>) args[0]));
                        if (factoryPid != null) {
                            factoryOf.put(pid, factoryPid);
                        }
                        yield null;
                    }
                    case "delete" -> {
                        store.remove(pid);
                        yield null;
                    }
                    case "hashCode" -> pid.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private ConfigurationAdmin configAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ConfigurationAdmin.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "listConfigurations" -> {
                        String pid = ((String) args[0]).replaceAll("^\\(service\\.pid=(.*)\\)$", "$1");
                        yield store.containsKey(pid) ? new Configuration[] { configuration(pid, null) } : null;
                    }
                    case "getConfiguration" -> configuration((String) args[0], null);
                    case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1], (String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Hashtable<String, Object> props(String k, Object v) {
        Hashtable<String, Object> h = new Hashtable<>();
        h.put(k, v);
        return h;
    }

    @Test
    void aFailureMidwayRestoresEverythingAlreadyWritten() {
        store.put("a", props("x", 1));
        store.put("f~gone", props("y", 2));
        factoryOf.put("f~gone", "f");
        ConfigurationWriter writer = new ConfigurationWriter(configAdmin());
        List<Write> writes = List.of(new Write(Kind.UPDATE, "a", null, Map.of("x", 2)),
                new Write(Kind.UPDATE, "new", null, Map.of("z", 3)),
                new Write(Kind.CREATE, "f~one", "f", Map.of("p", 4)),
                new Write(Kind.DELETE, "f~gone", "f", null),
                new Write(Kind.UPDATE, "fails", null, Map.of("x", 5)));
        assertThatThrownBy(() -> writer.apply(writes)).isInstanceOfSatisfying(RequestFailure.class,
                f -> assertThat(f.code()).isEqualTo(ResponseCode.INTERNAL_ERROR))
                .hasMessageContaining("'fails'").hasMessageContaining("no configuration was changed");
        assertThat(store).containsOnlyKeys("a", "f~gone");
        assertThat(store.get("a").get("x")).isEqualTo(1);
        assertThat(store.get("f~gone").get("y")).isEqualTo(2);
    }

    @Test
    void allWritesApplyWhenNoneFails() throws Exception {
        store.put("a", props("x", 1));
        new ConfigurationWriter(configAdmin()).apply(List.of(new Write(Kind.UPDATE, "a", null,
                Map.of("x", 2, "service.pid", "ignored")), new Write(Kind.CREATE, "f~one", "f", Map.of("p", 4))));
        assertThat(store.get("a").get("x")).isEqualTo(2);
        assertThat(store.get("a").get("service.pid")).isNull();
        assertThat(store.get("f~one").get("p")).isEqualTo(4);
    }
}
