// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import io.weir.scheduler.ClusterView;
import io.weir.scheduler.PolicyName;
import io.weir.scheduler.RemoteTarget;
import io.weir.scheduler.Scheduler;
import io.weir.scheduler.SchedulerMetrics;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.Task;
import io.weir.scheduler.TaskOutcome;
import io.weir.scheduler.Work;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler} service: the {@link TaskEngine} with the policies and remote targets of the service registry.
 * Policies are tracked by their {@value PolicyName#PROPERTY}; the active one is the configured name, or, when none is
 * configured, the highest-ranked policy. Swapping never touches queued tasks: they are the engine's, not the
 * policy's.
 */
@Component(service = { Scheduler.class, HealthContributor.class }, configurationPid = SchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent implements Scheduler, HealthContributor {

    /** Configuration PID. */
    public static final String PID = "io.weir.scheduler";

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerComponent.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** by (ranking desc, id asc) key: the policies and their names */
    private final Map<String, Ranked> policies = new ConcurrentSkipListMap<>();
    private final TaskEngine engine;
    private volatile String configured;

    private record Ranked(String name, SchedulingPolicy policy) {
    }

    @Activate
    public SchedulerComponent(SchedulerConfig config) {
        int workers = config.localWorkers() == 0 ? Runtime.getRuntime().availableProcessors() : config.localWorkers();
        check(workers >= 1 && workers <= 256, "localWorkers", config.localWorkers(), "must be 0 to 256");
        check(config.maxQueued() >= 1, "maxQueued", config.maxQueued(), "must be at least 1");
        check(config.remoteTimeoutMs() >= 1, "remoteTimeoutMs", config.remoteTimeoutMs(), "must be at least 1");
        check(config.ewmaAlpha() > 0 && config.ewmaAlpha() <= 1, "ewmaAlpha", config.ewmaAlpha(), "must be in (0, 1]");
        check(config.recoveryHalfLifeSeconds() >= 0 && config.recoveryHalfLifeSeconds() <= 86_400,
                "recoveryHalfLifeSeconds", config.recoveryHalfLifeSeconds(), "must be 0 to 86400");
        this.configured = config.policy().trim();
        TaskEngine.Settings s = new TaskEngine.Settings(workers, config.maxQueued(), config.remoteTimeoutMs(),
                config.ewmaAlpha(), 20, config.recoveryHalfLifeSeconds() * 1000L);
        this.engine = new TaskEngine(s, this::active, Executors.newFixedThreadPool(workers,
                r -> new Thread(r, "weir-scheduler-local-" + THREADS.incrementAndGet())), System::currentTimeMillis,
                System::nanoTime, "weir-scheduler-dispatch");
        LOG.info("scheduler started: {} local worker(s), policy {}", workers,
                configured.isEmpty() ? "(highest ranked)" : configured);
    }

    private static void check(boolean ok, String attribute, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("configuration " + PID + ": '" + attribute + "' " + rule + ", was "
                    + value);
        }
    }

    @Modified
    void modified(SchedulerConfig config) {
        String name = config.policy().trim();
        if (!name.equals(configured)) {
            LOG.info("scheduler policy: {} -> {}", configured.isEmpty() ? "(highest ranked)" : configured,
                    name.isEmpty() ? "(highest ranked)" : name);
            configured = name;
            engine.policyChanged();
        }
    }

    @Deactivate
    void deactivate() {
        engine.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPolicy(SchedulingPolicy p, Map<String, Object> props) {
        policies.put(key(props), new Ranked(name(p, props), p));
        if (engine != null) {
            engine.policyChanged();
        }
    }

    void removePolicy(SchedulingPolicy p, Map<String, Object> props) {
        policies.remove(key(props));
        if (engine != null) {
            engine.policyChanged();
        }
    }

    private static String key(Map<String, Object> props) {
        int ranking = props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
        long id = ((Number) props.get(Constants.SERVICE_ID)).longValue();
        // higher ranking first, then the older service
        return String.format("%011d-%019d", (long) Integer.MAX_VALUE - ranking, id);
    }

    private static String name(SchedulingPolicy p, Map<String, Object> props) {
        Object n = props.get(PolicyName.PROPERTY);
        if (n != null) {
            return n.toString();
        }
        try {
            return p.name();
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTarget(RemoteTarget t) {
        engine.addRemote(t);
    }

    void removeTarget(RemoteTarget t) {
        engine.removeRemote(t);
    }

    /** @return the policy in force now, or {@code null} */
    @Nullable
    SchedulingPolicy active() {
        Ranked r = activeRanked();
        return r == null ? null : r.policy();
    }

    private @Nullable Ranked activeRanked() {
        String want = configured;
        for (Ranked r : policies.values()) {
            if (want.isEmpty() || want.equals(r.name())) {
                return r;
            }
        }
        return null;
    }

    @Override
    public CompletionStage<TaskOutcome> submit(Task task, Work work) {
        return engine.submit(Objects.requireNonNull(task, "task"), Objects.requireNonNull(work, "work"));
    }

    @Override
    public String activePolicy() {
        Ranked r = activeRanked();
        return r == null ? "" : r.name();
    }

    @Override
    public ClusterView view() {
        return engine.view();
    }

    @Override
    public List<SchedulerMetrics> metrics() {
        return engine.metrics();
    }

    /** @return the lines of {@code weir:scheduler}'s per-second activity plot, empty while nothing ran lately */
    List<String> activity() {
        return engine.activity();
    }

    /** @return the names of the policies known, in preference order */
    List<String> policyNames() {
        return policies.values().stream().map(Ranked::name).toList();
    }

    @Override
    public String name() {
        return "scheduler";
    }

    @Override
    public HealthReport health() {
        Map<String, String> details = new LinkedHashMap<>();
        String active = activePolicy();
        details.put("policy", active.isEmpty() ? "(none)" : active);
        details.put("policies", String.join(",", policyNames()));
        details.put("waiting", Integer.toString(engine.pendingCount()));
        if (active.isEmpty()) {
            String why = configured.isEmpty() ? "no scheduling policy is installed"
                    : "policy " + configured + " is not installed";
            return new HealthReport(HealthState.DEGRADED, why + "; tasks wait", details);
        }
        return new HealthReport(HealthState.UP, "", details);
    }
}
