// SPDX-License-Identifier: Apache-2.0
package io.weir.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

class HealthEvaluatorTest {

    private final HealthEvaluator evaluator = new HealthEvaluator(Set.of(), true, false);

    private static ComponentDescriptionDTO description(String name, String policy) {
        ComponentDescriptionDTO d = new ComponentDescriptionDTO();
        d.name = name;
        d.configurationPolicy = policy;
        d.configurationPid = new String[] {name};
        d.bundle = new BundleDTO();
        d.bundle.symbolicName = "b." + name;
        return d;
    }

    private static ComponentConfigurationDTO configuration(int state) {
        ComponentConfigurationDTO c = new ComponentConfigurationDTO();
        c.state = state;
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        return c;
    }

    private static ComponentProblems.Component component(String name, String policy, boolean enabled,
            ComponentConfigurationDTO... configurations) {
        return new ComponentProblems.Component(description(name, policy), enabled, List.of(configurations));
    }

    private static HealthEvaluator.BundleInfo bundle(long id, boolean resolved) {
        return new HealthEvaluator.BundleInfo(id, "bundle" + id, "1.0.0", resolved, resolved);
    }

    private static HealthContributor contributor(String name, HealthReport report) {
        return new HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthReport health() {
                return report;
            }
        };
    }

    @Test
    void upWhenEverythingIsSatisfied() {
        Map<String, Object> r = evaluator.evaluate("1.2.3", "ACTIVE", 65_000,
                List.of(bundle(0, true), bundle(1, true)),
                List.of(component("a", "optional", true, configuration(ComponentConfigurationDTO.ACTIVE)),
                        component("b", "optional", true, configuration(ComponentConfigurationDTO.SATISFIED)),
                        component("factory", "require", true),
                        component("off", "optional", false)),
                List.of(contributor("store", HealthReport.up())));
        assertThat(r.get("status")).isEqualTo("UP");
        assertThat(r.get("version")).isEqualTo("1.2.3");
        assertThat(r.get("unsatisfied")).asList().isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) r.get("components");
        assertThat(components).containsEntry("total", 4).containsEntry("active", 1).containsEntry("satisfied", 1)
                .containsEntry("awaitingConfiguration", List.of("factory")).containsEntry("disabled", List.of("off"));
        @SuppressWarnings("unchecked")
        Map<String, Object> framework = (Map<String, Object>) r.get("framework");
        assertThat(framework).containsEntry("state", "ACTIVE").containsEntry("uptimeSeconds", 65L);
    }

    @Test
    void unsatisfiedReferenceNamesTheReferenceAndTarget() {
        ComponentConfigurationDTO c = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO ref = new UnsatisfiedReferenceDTO();
        ref.name = "driver";
        ref.target = "(weir.driver.protocol=modbus)";
        c.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {ref};
        Map<String, Object> r = evaluator.evaluate("v", "ACTIVE", 0, List.of(),
                List.of(component("asset", "optional", true, c)), List.of());
        assertThat(r.get("status")).isEqualTo("DOWN");
        assertThat(r.get("unsatisfied").toString()).contains("name=asset").contains("UNSATISFIED_REFERENCE")
                .contains("'driver'").contains("(weir.driver.protocol=modbus)").contains("bundle=b.asset");
    }

    @Test
    void failedActivationReportsTheFirstLineOfTheFailure() {
        ComponentConfigurationDTO c = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        c.failure = "java.lang.IllegalArgumentException: port out of range\n\tat x.y(Z.java:1)";
        Map<String, Object> r = evaluator.evaluate("v", "ACTIVE", 0, List.of(),
                List.of(component("svc", "optional", true, c)), List.of());
        assertThat(r.get("unsatisfied").toString()).contains("port out of range").doesNotContain("Z.java");

        ComponentConfigurationDTO ctor = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        ctor.failure = "java.lang.reflect.InvocationTargetException\n\tat a.b(C.java:1)\n"
                + "Caused by: java.lang.IllegalArgumentException: pipeline bad has a cycle: a -> b -> a\n\tat x.y(Z.java:2)";
        Map<String, Object> r2 = evaluator.evaluate("v", "ACTIVE", 0, List.of(),
                List.of(component("pipe", "require", true, ctor)), List.of());
        assertThat(r2.get("unsatisfied").toString())
                .contains("activation failed: java.lang.IllegalArgumentException: pipeline bad has a cycle: a -> b -> a")
                .doesNotContain("InvocationTargetException");
    }

    @Test
    void ignoredComponentsDoNotCount() {
        HealthEvaluator lenient = new HealthEvaluator(Set.of("svc"), true, false);
        Map<String, Object> r = lenient.evaluate("v", "ACTIVE", 0, List.of(),
                List.of(component("svc", "optional", true, configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE))),
                List.of());
        assertThat(r.get("status")).isEqualTo("UP");
    }

    @Test
    void unresolvedBundleIsFatalUnlessConfiguredOtherwise() {
        List<HealthEvaluator.BundleInfo> bundles = List.of(bundle(0, true), bundle(7, false));
        assertThat(evaluator.evaluate("v", "ACTIVE", 0, bundles, List.of(), List.of()).get("status")).isEqualTo("DOWN");
        HealthEvaluator tolerant = new HealthEvaluator(Set.of(), false, false);
        Map<String, Object> r = tolerant.evaluate("v", "ACTIVE", 0, bundles, List.of(), List.of());
        assertThat(r.get("status")).isEqualTo("UP");
        assertThat(r.get("bundles").toString()).contains("symbolicName=bundle7");
    }

    @Test
    void contributorsDecideAndAThrowingContributorIsDown() {
        HealthContributor broken = new HealthContributor() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public HealthReport health() {
                throw new IllegalStateException("boom");
            }
        };
        Map<String, Object> r = evaluator.evaluate("v", "ACTIVE", 0, List.of(), List.of(), List.of(broken));
        assertThat(r.get("status")).isEqualTo("DOWN");
        assertThat(r.get("checks").toString()).contains("boom").contains("state=DOWN");

        HealthContributor degraded = contributor("cloud", new HealthReport(HealthState.DEGRADED, "offline", Map.of()));
        assertThat(evaluator.evaluate("v", "ACTIVE", 0, List.of(), List.of(), List.of(degraded)).get("status"))
                .isEqualTo("UP");
        assertThat(new HealthEvaluator(Set.of(), true, true)
                .evaluate("v", "ACTIVE", 0, List.of(), List.of(), List.of(degraded)).get("status")).isEqualTo("DOWN");
    }

    @Test
    void frameworkNotActiveIsDown() {
        Map<String, Object> r = evaluator.evaluate("v", "STOPPING", 0, List.of(), List.of(), List.of());
        assertThat(r.get("status")).isEqualTo("DOWN");
        assertThat(r.get("reasons").toString()).contains("framework is STOPPING");
    }
}
