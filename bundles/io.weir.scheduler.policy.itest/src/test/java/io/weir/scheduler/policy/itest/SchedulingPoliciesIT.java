// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PlacementDecision;
import io.weir.scheduler.PolicyName;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/**
 * Black-box tests of the four policy bundles inside Felix: only the scheduler API and the OSGi services are used, as
 * the scheduler would use them. A configuration change restarts a policy component, so the tests wait for the
 * re-registered service, recognised by its configuration properties.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SchedulingPoliciesIT {

    private static final long TIMEOUT_MS = 10_000;

    /** Policy name → bundle symbolic name = configuration PID. */
    private static final Map<String, String> BUNDLES = Map.of(
            "weighted-round-robin", "io.weir.scheduler.policy.roundrobin",
            "least-load", "io.weir.scheduler.policy.leastload",
            "dynamic-reservation", "io.weir.scheduler.policy.reservation",
            "latency-aware", "io.weir.scheduler.policy.latency");

    @InjectBundleContext
    BundleContext context;

    @InjectService(cardinality = 4, timeout = TIMEOUT_MS)
    ServiceAware<SchedulingPolicy> policies;

    @InjectService(timeout = TIMEOUT_MS)
    ConfigurationAdmin cm;

    /** A view the tests build by hand, as the scheduler would. */
    private record View(long nowMs, List<TargetView> targets) implements ClusterView {
        @Override
        public @Nullable TargetView target(String id) {
            return targets.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private List<ServiceReference<SchedulingPolicy>> references(String name) {
        try {
            return List.copyOf(context.getServiceReferences(SchedulingPolicy.class,
                    "(" + PolicyName.PROPERTY + "=" + name + ")"));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Waits for the one registered policy of that name whose service properties satisfy the condition. */
    private SchedulingPolicy awaitPolicy(String name, Predicate<ServiceReference<?>> properties, String what)
            throws InterruptedException {
        await(() -> references(name).stream().anyMatch(properties::test), what);
        List<ServiceReference<SchedulingPolicy>> refs = references(name);
        assertThat(refs).as("policies named %s", name).hasSize(1);
        return context.getService(refs.get(0));
    }

    private static Predicate<ServiceReference<?>> property(String key, Object value) {
        return ref -> value.equals(ref.getProperty(key));
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
    }

    private static TargetView local(String id, double capacity, double load) {
        return new TargetView(id, TargetKind.LOCAL, capacity, load, 0, true, new LatencyEstimates(20, 1, 0, 0, 0));
    }

    @Test
    void everyPolicyBundleRegistersOnePolicyUnderItsName() {
        Map<String, String> byName = new TreeMap<>();
        for (ServiceReference<SchedulingPolicy> ref : policies.getServiceReferences()) {
            Object name = ref.getProperty(PolicyName.PROPERTY);
            assertThat(name).isInstanceOf(String.class);
            assertThat(byName.put((String) name, ref.getBundle().getSymbolicName())).as("duplicate %s", name)
                    .isNull();
            assertThat(context.getService(ref).name()).isEqualTo(name);
            context.ungetService(ref);
        }
        assertThat(byName).isEqualTo(new TreeMap<>(BUNDLES));
        for (String bsn : BUNDLES.values()) {
            assertThat(bundle(bsn).getHeaders().get(Constants.EXPORT_PACKAGE)).as(bsn)
                    .startsWith(bsn + ";version=\"1.0.0\"").doesNotContain(".internal");
        }
    }

    /**
     * One local pool (4 cores, half busy: u' 0.75; 20 ms queue) and the cloud (16 slots idle: u' 0.0625; 42.0 ms for
     * this task against 95.5 locally): every policy places an offloadable task, the load- and latency-based ones on
     * the cloud; a task that may not leave the gateway goes to the pool; an empty view defers.
     */
    @ParameterizedTest
    @ValueSource(strings = { "weighted-round-robin", "least-load", "dynamic-reservation", "latency-aware" })
    void eachRegisteredPolicyPlacesTasks(String name) throws Exception {
        SchedulingPolicy policy = awaitPolicy(name, ref -> true, name);
        TargetView cloud = new TargetView("it-cloud", TargetKind.CLOUD, 16, 0, 0, true,
                new LatencyEstimates(5, 0.25, 10, 0.5, 3.125));
        View view = new View(1_000, List.of(local("it-local", 4, 0.5), cloud));
        Placement off = policy.place(new Task("t1", "it", 75.5, 10 * 1024, 5, Task.NO_DEADLINE, true), view);
        assertThat(off.decision()).as(off.reason()).isEqualTo(PlacementDecision.PLACE);
        if (!name.equals("weighted-round-robin")) {
            assertThat(off.targetId()).as(off.reason()).isEqualTo("it-cloud");
        }
        Placement stay = policy.place(new Task("t2", "it", 75.5, 10 * 1024, 5, Task.NO_DEADLINE, false), view);
        assertThat(stay.targetId()).as(stay.reason()).isEqualTo("it-local");
        Placement none = policy.place(new Task("t3", "it", 1, 0, 5, Task.NO_DEADLINE, true), new View(0, List.of()));
        assertThat(none.decision()).isEqualTo(PlacementDecision.DEFER);
    }

    /**
     * Load 0.5 on 4 cores, priority 5: u' = 0.75. By default the ratio stays 0.25 (0.5 is between the thresholds),
     * the limit is 1 − 0.125 = 0.875: placed. Configured with growAbove 0.4 and ratioStep 0.5, the first call raises
     * the ratio to 0.75: limit 1 − 0.375 = 0.625: deferred. Deleting the configuration restores the defaults.
     */
    @Test
    void reservationThresholdsFromConfigurationAreApplied() throws Exception {
        String name = "dynamic-reservation";
        View view = new View(0, List.of(local("it-reserved", 4, 0.5)));
        Task low = new Task("t", "it", 10, 0, 5, Task.NO_DEADLINE, false);
        assertThat(awaitPolicy(name, property("growAbove", 0.8), "defaults").place(low, view).decision())
                .isEqualTo(PlacementDecision.PLACE);

        Configuration c = cm.getConfiguration(BUNDLES.get(name), "?");
        try {
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("growAbove", 0.4);
            p.put("ratioStep", 0.5);
            p.put("maxRatio", 1.0);
            c.update(p);
            Placement deferred = awaitPolicy(name, property("growAbove", 0.4), "growAbove 0.4").place(low, view);
            assertThat(deferred.decision()).as(deferred.reason()).isEqualTo(PlacementDecision.DEFER);
            assertThat(deferred.reason()).endsWith("1 over its limit (it-reserved 0.750 > 0.625)");
        } finally {
            c.delete();
        }
        assertThat(awaitPolicy(name, property("growAbove", 0.8), "defaults again").place(low, view).decision())
                .isEqualTo(PlacementDecision.PLACE);
    }

    /** Local only, 20 + 50 = 70 ms against a deadline 50 ms away: at risk by default, rejected when configured. */
    @Test
    void theLatencyPolicysDeadlineActionComesFromConfiguration() throws Exception {
        String name = "latency-aware";
        View view = new View(1_000, List.of(local("it-local", 4, 0)));
        Task urgent = new Task("t", "it", 50, 0, 5, 1_050, false);
        Placement risky = awaitPolicy(name, property("onDeadlineMiss", "RUN_FASTEST"), "defaults").place(urgent, view);
        assertThat(risky.reason()).isEqualTo("deadline at risk: it-local 70.0 ms, deadline in 50.0 ms");

        Configuration c = cm.getConfiguration(BUNDLES.get(name), "?");
        try {
            c.update(new Hashtable<>(Map.of("onDeadlineMiss", "REJECT")));
            Placement rejected = awaitPolicy(name, property("onDeadlineMiss", "REJECT"), "REJECT").place(urgent, view);
            assertThat(rejected.decision()).isEqualTo(PlacementDecision.REJECT);
            assertThat(rejected.reason()).isEqualTo("deadline unreachable for task t: fastest it-local 70.0 ms, "
                    + "deadline in 50.0 ms");
        } finally {
            c.delete();
        }
        awaitPolicy(name, property("onDeadlineMiss", "RUN_FASTEST"), "defaults again");
    }

    /**
     * An invalid value fails the component's activation with the PID and the attribute in the reason (SCR's DTO), and
     * nobody gets a policy object of that name until the configuration is fixed.
     */
    @Test
    void invalidConfigurationFailsActivationNamingPidAndAttribute(
            @InjectService(timeout = TIMEOUT_MS) ServiceComponentRuntime scr) throws Exception {
        String name = "least-load";
        String pid = BUNDLES.get(name);
        Configuration c = cm.getConfiguration(pid, "?");
        try {
            c.update(new Hashtable<>(Map.of("maxUtilisation", -1.0)));
            ComponentDescriptionDTO d = scr.getComponentDescriptionDTO(bundle(pid),
                    "io.weir.scheduler.policy.leastload.internal.LeastLoadComponent");
            assertThat(d).isNotNull();
            await(() -> scr.getComponentConfigurationDTOs(d).stream()
                    .anyMatch(cc -> cc.state == ComponentConfigurationDTO.FAILED_ACTIVATION), "failed activation");
            ComponentConfigurationDTO failed = scr.getComponentConfigurationDTOs(d).stream()
                    .filter(cc -> cc.state == ComponentConfigurationDTO.FAILED_ACTIVATION).findFirst().orElseThrow();
            // Felix SCR keeps the registration of a component that failed activation, but hands out no object
            assertThat(references(name)).allSatisfy(ref -> assertThat(context.getService(ref)).as("policy").isNull());
            assertThat(failed.failure).contains("io.weir.scheduler.policy.leastload: invalid configuration: "
                    + "'maxUtilisation' must be 0 (no limit) or finite and > 0, was -1.0");
            assertThat(references("latency-aware")).as("the other policies are untouched").hasSize(1);
        } finally {
            c.delete();
        }
        awaitPolicy(name, property("maxUtilisation", 0.0), "least-load back with its defaults");
    }

    @ParameterizedTest
    @ValueSource(strings = { "weighted-round-robin", "least-load", "dynamic-reservation", "latency-aware" })
    void stoppingAPolicyBundleWithdrawsItsPolicyOnly(String name) throws Exception {
        Bundle b = bundle(BUNDLES.get(name));
        b.stop();
        try {
            assertThat(references(name)).isEmpty();
            for (String other : BUNDLES.keySet()) {
                if (!other.equals(name)) {
                    assertThat(references(other)).as(other).hasSize(1);
                }
            }
        } finally {
            b.start();
        }
        awaitPolicy(name, ref -> true, name + " back after a restart");
    }

    @Test
    void everyPolicyDescribesItsConfiguration(@InjectService(timeout = TIMEOUT_MS) MetaTypeService metatype) {
        Map<String, List<String>> attributes = Map.of(
                "io.weir.scheduler.policy.roundrobin", List.of("maxWeight"),
                "io.weir.scheduler.policy.leastload", List.of("maxUtilisation"),
                "io.weir.scheduler.policy.reservation", List.of("adjustIntervalMs", "growAbove", "highPriorityMax",
                        "initialRatio", "maxRatio", "minRatio", "ratioStep", "shrinkBelow"),
                "io.weir.scheduler.policy.latency", List.of("onDeadlineMiss", "remoteDeadlineMarginMs"));
        attributes.forEach((pid, ids) -> {
            ObjectClassDefinition ocd = metatype.getMetaTypeInformation(bundle(pid)).getObjectClassDefinition(pid,
                    null);
            assertThat(ocd).as(pid).isNotNull();
            assertThat(Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).map(AttributeDefinition::getID)
                    .sorted()).as(pid).containsExactlyElementsOf(ids);
        });
        AttributeDefinition action = Arrays.stream(metatype.getMetaTypeInformation(bundle(
                "io.weir.scheduler.policy.latency")).getObjectClassDefinition("io.weir.scheduler.policy.latency",
                        null).getAttributeDefinitions(ObjectClassDefinition.ALL))
                .filter(a -> a.getID().equals("onDeadlineMiss")).findFirst().orElseThrow();
        assertThat(action.getOptionValues()).containsExactly("RUN_FASTEST", "REJECT");
    }
}
