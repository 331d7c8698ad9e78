// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.ResponseCode;
import io.weir.cloud.app.conf.internal.ConfigurationWriter.Kind;
import io.weir.cloud.app.conf.internal.ConfigurationWriter.Write;

/**
 * The {@link ConfigurationManager} on Config Admin and Metatype, configured by PID {@value #PID}. Snapshots live
 * in {@code {weir.data}/management/snapshots}.
 *
 * <p>Writes are serialised by one lock, held across the validation and the Config Admin writes so that two
 * concurrent requests cannot interleave (the all-or-nothing guarantee needs it). This is a deliberate exception
 * to "no service calls under a lock": Config Admin's update only persists and queues delivery, it never calls
 * back into this component.
 */
@Component(configurationPid = ManagedConfigurations.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = ConfigurationManager.class)
@Designate(ocd = ConfAppConfig.class)
public final class ManagedConfigurations implements ConfigurationManager {

    /** The configuration PID. */
    public static final String PID = "io.weir.cloud.app.conf";

    private static final Logger LOG = LoggerFactory.getLogger(ManagedConfigurations.class);

    private final ConfigurableComponents components;
    private final ConfigurationWriter writer;
    private final SnapshotStore snapshots;
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * @param context the bundle context: bundles to scan and the {@code weir.data} property
     * @param configAdmin Config Admin
     * @param metaType the Metatype service
     * @param config this component's configuration
     */
    @Activate
    public ManagedConfigurations(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference MetaTypeService metaType, ConfAppConfig config) {
        String data = context.getProperty("weir.data");
        Path dir = Path.of(data == null || data.isBlank() ? "weir-data" : data, "management", "snapshots");
        this.components = new ConfigurableComponents(context, metaType, configAdmin,
                Set.of(config.ignored_pids()));
        this.writer = new ConfigurationWriter(configAdmin);
        this.snapshots = new SnapshotStore(dir, config.snapshots_max(), System::currentTimeMillis);
        LOG.info("Remote configuration ready: snapshots in {}, {} kept, {} ignored PID(s)", dir,
                config.snapshots_max(), config.ignored_pids().length);
    }

    @Override
    public List<ComponentConfiguration> configurations(boolean withDefinitions) {
        return components.all().stream().map(t -> ConfigurableComponents.show(t, withDefinitions)).toList();
    }

    @Override
    public @Nullable ComponentConfiguration configuration(String pid, boolean withDefinition) {
        ConfigTarget t = components.find(pid);
        return t == null ? null : ConfigurableComponents.show(t, withDefinition);
    }

    @Override
    public @Nullable ComponentConfiguration defaultConfiguration(String pid) {
        ConfigTarget t = components.find(pid);
        return t == null ? null
                : ConfigurableComponents.show(new ConfigTarget(t.pid(), t.factoryPid(), t.definition(), null), true);
    }

    @Override
    public Map<String, Definition> factoryDefinitions() {
        return components.factoryDefinitions();
    }

    @Override
    public void update(List<RequestedChange> changes, boolean takeSnapshot) throws RequestFailure {
        writeLock.lock();
        try {
            Map<String, ConfigTarget> current = byPid();
            Set<String> seen = new HashSet<>();
            List<Write> writes = new ArrayList<>();
            for (RequestedChange c : changes) {
                if (!seen.add(c.pid())) {
                    throw RequestFailure.badRequest("pid '" + c.pid() + "' appears more than once");
                }
                ConfigTarget t = current.get(c.pid());
                if (t == null) {
                    throw RequestFailure.notFound("no configurable component with pid '" + c.pid() + "'");
                }
                Map<String, Object> after = ChangePlanner.merge(t, c);
                if (ChangePlanner.changes(t, after)) {
                    writes.add(new Write(Kind.UPDATE, t.pid(), t.factoryPid(), after));
                }
            }
            commit(writes, takeSnapshot, "updated");
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void createFactoryConfigurations(List<RequestedChange> changes, boolean takeSnapshot)
            throws RequestFailure {
        writeLock.lock();
        try {
            Map<String, ConfigTarget> current = byPid();
            Map<String, Definition> factories = components.factoryDefinitions();
            Set<String> seen = new HashSet<>();
            List<Write> writes = new ArrayList<>();
            for (RequestedChange c : changes) {
                String fp = c.factoryPid();
                if (fp == null || fp.isBlank()) {
                    throw RequestFailure.badRequest("pid '" + c.pid() + "' needs a factoryPid");
                }
                Definition def = factories.get(fp);
                if (def == null) {
                    throw RequestFailure.notFound("no component factory with pid '" + fp + "'");
                }
                String name = c.pid().startsWith(fp + "~") ? c.pid().substring(fp.length() + 1) : c.pid();
                String pid = fp + "~" + name;
                if (current.containsKey(pid) || !components.list("(service.pid="
                        + ConfigurationWriter.escape(pid) + ")").isEmpty() || !seen.add(pid)) {
                    throw RequestFailure.badRequest("pid '" + pid + "' already exists");
                }
                Map<String, Object> after = ChangePlanner.merge(new ConfigTarget(pid, fp, def, null), c);
                writes.add(new Write(Kind.CREATE, pid, fp, after));
            }
            commit(writes, takeSnapshot, "created");
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void deleteFactoryConfigurations(List<String> pids, boolean takeSnapshot) throws RequestFailure {
        writeLock.lock();
        try {
            Map<String, ConfigTarget> current = byPid();
            Set<String> seen = new HashSet<>();
            List<Write> writes = new ArrayList<>();
            for (String p : pids) {
                ConfigTarget t = current.get(p);
                if (t == null) {
                    List<ConfigTarget> named = current.values().stream()
                            .filter(c -> c.factoryPid() != null && c.pid().endsWith("~" + p)).toList();
                    t = named.size() == 1 ? named.get(0) : null;
                }
                if (t == null) {
                    throw RequestFailure.notFound("no configurable component with pid '" + p + "'");
                }
                if (t.factoryPid() == null) {
                    throw RequestFailure.badRequest("pid '" + p + "' is not a factory configuration");
                }
                if (seen.add(t.pid())) {
                    writes.add(new Write(Kind.DELETE, t.pid(), t.factoryPid(), null));
                }
            }
            commit(writes, takeSnapshot, "deleted");
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<Long> snapshotIds() throws RequestFailure {
        try {
            return snapshots.ids();
        } catch (IOException e) {
            throw new RequestFailure(ResponseCode.INTERNAL_ERROR, "cannot list snapshots: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] snapshot(long id) throws RequestFailure {
        byte[] xml;
        try {
            xml = snapshots.read(id);
        } catch (IOException e) {
            throw new RequestFailure(ResponseCode.INTERNAL_ERROR, "cannot read snapshot " + id, e);
        }
        if (xml == null) {
            throw RequestFailure.notFound("no snapshot with id " + id);
        }
        return xml;
    }

    @Override
    public long takeSnapshot() throws RequestFailure {
        writeLock.lock();
        try {
            return snapshotLocked();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long rollback(@Nullable Long id) throws RequestFailure {
        writeLock.lock();
        try {
            long target;
            if (id == null) {
                List<Long> ids = snapshotIds();
                if (ids.isEmpty()) {
                    throw RequestFailure.notFound("there is no snapshot to roll back to");
                }
                target = ids.get(ids.size() - 1);
            } else {
                target = id;
            }
            List<RequestedChange> changes;
            try {
                changes = EsfXml.parse(snapshot(target));
            } catch (RequestFailure f) {
                if (f.code() == ResponseCode.NOT_FOUND) {
                    throw f;
                }
                throw new RequestFailure(ResponseCode.INTERNAL_ERROR, "snapshot " + target + " is unreadable: "
                        + f.getMessage(), f);
            }
            Map<String, ConfigTarget> current = byPid();
            Map<String, Definition> factories = components.factoryDefinitions();
            Set<String> inSnapshot = new HashSet<>();
            List<Write> writes = new ArrayList<>();
            for (RequestedChange c : changes) {
                inSnapshot.add(c.pid());
                ConfigTarget t = current.get(c.pid());
                String fp = c.factoryPid();
                if (t != null) {
                    Map<String, Object> after = ChangePlanner.merge(t, c);
                    if (ChangePlanner.changes(t, after)) {
                        writes.add(new Write(Kind.UPDATE, t.pid(), t.factoryPid(), after));
                    }
                } else if (fp != null && factories.containsKey(fp) && c.pid().startsWith(fp + "~")) {
                    ConfigTarget fresh = new ConfigTarget(c.pid(), fp, factories.get(fp), null);
                    writes.add(new Write(Kind.CREATE, c.pid(), fp, ChangePlanner.merge(fresh, c)));
                } else {
                    LOG.info("Rollback to snapshot {}: {} is no longer configurable and is skipped", target,
                            c.pid());
                }
            }
            for (ConfigTarget t : current.values()) {
                if (t.factoryPid() != null && !inSnapshot.contains(t.pid())) {
                    writes.add(new Write(Kind.DELETE, t.pid(), t.factoryPid(), null));
                }
            }
            commit(writes, false, "rolled back to snapshot " + target);
            return target;
        } finally {
            writeLock.unlock();
        }
    }

    private void commit(List<Write> writes, boolean takeSnapshot, String what) throws RequestFailure {
        writer.apply(writes);
        if (!writes.isEmpty()) {
            LOG.info("Configuration {} remotely: {}", what, writes.stream().map(Write::pid).toList());
        }
        if (takeSnapshot) {
            try {
                snapshotLocked();
            } catch (RequestFailure f) {
                throw new RequestFailure(ResponseCode.INTERNAL_ERROR,
                        "the configuration was applied, but " + f.getMessage(), f);
            }
        }
    }

    private long snapshotLocked() throws RequestFailure {
        byte[] xml = EsfXml.write(configurations(false));
        try {
            long id = snapshots.write(xml);
            LOG.info("Configuration snapshot {} taken", id);
            return id;
        } catch (IOException e) {
            throw new RequestFailure(ResponseCode.INTERNAL_ERROR, "the snapshot could not be written: "
                    + e.getMessage(), e);
        }
    }

    private Map<String, ConfigTarget> byPid() {
        Map<String, ConfigTarget> m = new LinkedHashMap<>();
        components.all().forEach(t -> m.put(t.pid(), t));
        return m;
    }
}
