// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.health.HealthContributor;
import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PolicyName;
import io.weir.scheduler.Scheduler;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.Task;
import io.weir.scheduler.TaskOutcome;

/**
 * The scheduler bundle inside Felix: policies come and go as services and by configuration while a steady stream of
 * tasks runs; no task is lost or run twice, and each outcome names the policy that placed it.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SchedulerIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    Scheduler scheduler;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        Configuration c = cm.getConfiguration("io.weir.scheduler", "?");
        if (c.getProperties() != null) {
            c.delete();
        }
    }

    /** A test policy: places every task locally, and says who placed it. */
    private ServiceRegistration<SchedulingPolicy> register(String name, int ranking) {
        SchedulingPolicy p = new SchedulingPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Placement place(Task task, ClusterView view) {
                return Placement.to("local", "placed by " + name);
            }
        };
        Dictionary<String, Object> props = new Hashtable<>(Map.of(PolicyName.PROPERTY, name,
                Constants.SERVICE_RANKING, ranking));
        ServiceRegistration<SchedulingPolicy> r = context.registerService(SchedulingPolicy.class, p, props);
        registrations.add(r);
        return r;
    }

    private static Task task(int i) {
        return new Task("t" + i, "it", 0.1, 0, Task.PRIORITY_DEFAULT, System.currentTimeMillis() + 120_000, false);
    }

    @Test
    void swappingThePolicyUnderASteadyStreamLosesAndRepeatsNothing() throws Exception {
        register("alpha", 0);
        Set<String> ran = ConcurrentHashMap.newKeySet();
        List<String> ranTwice = new ArrayList<>();
        List<CompletionStage<TaskOutcome>> outcomes = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String id = "t" + i;
                CompletionStage<TaskOutcome> s = scheduler.submit(task(i), () -> {
                    if (!ran.add(id)) {
                        synchronized (ranTwice) {
                            ranTwice.add(id);
                        }
                    }
                    return id;
                });
                synchronized (outcomes) {
                    outcomes.add(s);
                }
                if (i % 10 == 0) { // a steady stream of a few thousand tasks a second
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        });
        producer.start();
        Thread.sleep(200);
        // by configuration: beta (not yet installed: tasks wait), then installed, then back to alpha
        Configuration c = cm.getConfiguration("io.weir.scheduler", "?");
        c.update(new Hashtable<>(Map.of("policy", "beta")));
        Thread.sleep(200);
        ServiceRegistration<SchedulingPolicy> beta = register("beta", 0);
        Thread.sleep(200);
        c.update(new Hashtable<>(Map.of("policy", "alpha")));
        Thread.sleep(200);
        // by installing a higher-ranked policy while none is configured
        c.update(new Hashtable<>(Map.of("policy", "")));
        Thread.sleep(100);
        register("gamma", 10);
        Thread.sleep(200);
        beta.unregister();
        registrations.remove(beta);
        Thread.sleep(200);
        stop.set(true);
        producer.join();

        Set<String> ended = new HashSet<>();
        Set<String> placedBy = new HashSet<>();
        List<CompletionStage<TaskOutcome>> all;
        synchronized (outcomes) {
            all = new ArrayList<>(outcomes);
        }
        for (CompletionStage<TaskOutcome> s : all) {
            TaskOutcome o = s.toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(o.status()).as("%s", o).isEqualTo(TaskOutcome.Status.COMPLETED);
            assertThat(ended.add(o.taskId())).as("ended twice: %s", o.taskId()).isTrue();
            assertThat(o.result()).isEqualTo(o.taskId());
            placedBy.add(o.reason().replaceAll(".*placed by ", ""));
        }
        assertThat(all).hasSizeGreaterThan(500);
        assertThat(ended).hasSize(all.size());
        assertThat(ran).hasSize(all.size());
        assertThat(ranTwice).isEmpty();
        assertThat(placedBy).contains("alpha", "beta", "gamma");
        assertThat(scheduler.activePolicy()).isEqualTo("gamma");
        assertThat(scheduler.metrics()).anySatisfy(m -> {
            assertThat(m.scope()).isEqualTo("target:local");
            assertThat(m.completed()).isGreaterThanOrEqualTo(all.size()); // plus the other tests' tasks
        });

        // the shell command weir:scheduler, as Gogo calls it: the policy, the tables and the activity plot
        ServiceReference<?> command = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=weir)(osgi.command.function=scheduler))")[0];
        Object commands = context.getService(command);
        String shown = (String) commands.getClass().getMethod("scheduler").invoke(commands);
        context.ungetService(command);
        assertThat(shown).startsWith("policy: gamma\n").contains("target:local", "policy:gamma",
                "tasks ended per second, last 60 s");
        assertThat(shown.lines().filter(l -> l.startsWith("local ") && l.contains("|")).findFirst())
                .hasValueSatisfying(l -> assertThat(l)
                        .matches("local +\\|[ ▁▂▃▄▅▆▇█]{60}\\| peak [1-9][0-9]*/s, last [0-9]+/s"));
    }

    @Test
    void withoutAnyPolicyTheSchedulerIsDegradedAndTasksWait() throws Exception {
        HealthContributor health = context.getService(context.getServiceReferences(HealthContributor.class,
                "(objectClass=io.weir.health.HealthContributor)").stream()
                .filter(r -> "scheduler".equals(context.getService(r).name())).findFirst().orElseThrow());
        assertThat(health.health().state().name()).isEqualTo("DEGRADED");
        assertThat(health.health().message()).contains("no scheduling policy is installed");
        CompletionStage<TaskOutcome> s = scheduler.submit(task(1), () -> "done");
        Thread.sleep(100);
        assertThat(s.toCompletableFuture().isDone()).isFalse();
        register("late", 0);
        assertThat(s.toCompletableFuture().get(10, TimeUnit.SECONDS).status()).isEqualTo(TaskOutcome.Status.COMPLETED);
        assertThat(health.health().state().name()).isEqualTo("UP");
    }
}
