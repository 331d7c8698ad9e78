// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelListener;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.Driver;
import io.weir.driver.DriverException;
import io.weir.driver.DriverProtocol;
import io.weir.driver.StatusCode;

/**
 * Black-box tests of the simulated driver in Felix with SCR, Config Admin and Metatype: only the exported driver
 * and data APIs are visible, so expectations are computed here from the documented formulas.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@ExtendWith(ConfigurationExtension.class)
class SimulatedDriverIT {

    private static final String PID = "io.weir.driver.simulated";
    private static final String BSN = "io.weir.driver.simulated";
    private static final long TIMEOUT_MS = 10_000;
    private static final String SIMULATED = "(" + DriverProtocol.PROPERTY + "=simulated)";

    @InjectBundleContext
    BundleContext context;

    private static Channel channel(String name, DataType type, ChannelMode mode, Object... keyValues) {
        Map<String, TypedValue> settings = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            settings.put((String) keyValues[i], v instanceof Double ? TypedValue.ofDouble((Double) v)
                    : v instanceof Long ? TypedValue.ofLong((Long) v)
                    : v instanceof Integer ? TypedValue.ofInteger((Integer) v) : TypedValue.ofString((String) v));
        }
        return new Channel(name, type, mode, settings);
    }

    private static Channel channel(String name, Object... keyValues) {
        return channel(name, DataType.DOUBLE, ChannelMode.READ, keyValues);
    }

    private static boolean threadAlive(String driverName) {
        String name = "weir-driver-simulated-" + driverName;
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Collects listener results; thread-safe. */
    static final class Collector implements ChannelListener {
        private final List<ChannelResult> results = new ArrayList<>();

        @Override
        public synchronized void onChannelResult(ChannelResult result) {
            results.add(result);
        }

        synchronized int size() {
            return results.size();
        }

        synchronized List<ChannelResult> snapshot() {
            return List.copyOf(results);
        }
    }

    private Bundle driverBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> BSN.equals(b.getSymbolicName())).findFirst().orElseThrow();
    }

    @Test
    @WithFactoryConfiguration(factoryPid = PID, name = "a", properties = {
        @Property(key = Driver.NAME_PROPERTY, value = "sim-a"),
        @Property(key = "seed", value = "42", scalar = Property.Scalar.Long)})
    @WithFactoryConfiguration(factoryPid = PID, name = "b", properties = {
        @Property(key = Driver.NAME_PROPERTY, value = "sim-b"),
        @Property(key = "scheduleOrigin", value = "EPOCH")})
    void twoFactoryConfigurationsGiveTwoDriversWithTheirProperties(
            @InjectService(filter = SIMULATED, cardinality = 2, timeout = TIMEOUT_MS) ServiceAware<Driver> drivers)
            throws Exception {
        assertThat(drivers.getServiceReferences()).hasSize(2);
        List<Object> names = new ArrayList<>();
        for (ServiceReference<Driver> ref : drivers.getServiceReferences()) {
            assertThat(ref.getProperty(DriverProtocol.PROPERTY)).isEqualTo("simulated");
            assertThat(ref.getProperty("component.name")).isEqualTo(PID);
            assertThat(ref.getProperty("service.factoryPid")).isEqualTo(PID);
            names.add(ref.getProperty(Driver.NAME_PROPERTY));

            // sine: offset + amplitude · sin(2π · f · t / 1000) at the result's own timestamp
            Driver driver = drivers.getService(ref);
            Channel sine = channel("sine", "amplitude", 2.0, "offset", 1.0, "frequencyHz", 0.5);
            Channel temp = channel("temp", DataType.FLOAT, ChannelMode.READ, "signal", "temperature", "amplitude", 5.0,
                    "offset", 20.0);
            List<ChannelResult> results = driver.read(List.of(sine, temp));
            assertThat(results).allMatch(ChannelResult::isOk);
            long t = results.get(0).timestamp();
            assertThat(Math.abs(t - System.currentTimeMillis())).isLessThan(5000);
            assertThat(results.get(0).value().doubleValue())
                    .isCloseTo(1 + 2 * Math.sin(2 * Math.PI * 0.5 * (t % 2000) / 1000.0), within(1e-6));
            double hoursUtc = (results.get(1).timestamp() % 86_400_000L) / 3_600_000.0;
            assertThat((double) results.get(1).value().floatValue())
                    .isCloseTo(20 - 5 * Math.cos(2 * Math.PI * (hoursUtc - 3) / 24), within(1e-3));
        }
        assertThat(names).containsExactlyInAnyOrder("sim-a", "sim-b");
    }

    @Test
    @WithFactoryConfiguration(factoryPid = PID, name = "s1", properties = {
        @Property(key = Driver.NAME_PROPERTY, value = "seed-1"),
        @Property(key = "seed", value = "7", scalar = Property.Scalar.Long),
        @Property(key = "clockStartMs", value = "1000000", scalar = Property.Scalar.Long),
        @Property(key = "timeScale", value = "100", scalar = Property.Scalar.Double)})
    @WithFactoryConfiguration(factoryPid = PID, name = "s2", properties = {
        @Property(key = Driver.NAME_PROPERTY, value = "seed-2"),
        @Property(key = "seed", value = "7", scalar = Property.Scalar.Long),
        @Property(key = "clockStartMs", value = "1000000", scalar = Property.Scalar.Long),
        @Property(key = "timeScale", value = "100", scalar = Property.Scalar.Double)})
    @WithFactoryConfiguration(factoryPid = PID, name = "s3", properties = {
        @Property(key = Driver.NAME_PROPERTY, value = "seed-3"),
        @Property(key = "seed", value = "8", scalar = Property.Scalar.Long),
        @Property(key = "clockStartMs", value = "1000000", scalar = Property.Scalar.Long),
        @Property(key = "timeScale", value = "100", scalar = Property.Scalar.Double)})
    void listenersGetTheSameValuesFromTheSameSeed(
            @InjectService(filter = "(weir.driver.name=seed-1)", timeout = TIMEOUT_MS) Driver one,
            @InjectService(filter = "(weir.driver.name=seed-2)", timeout = TIMEOUT_MS) Driver two,
            @InjectService(filter = "(weir.driver.name=seed-3)", timeout = TIMEOUT_MS) Driver three) throws Exception {
        Channel walk = channel("walk", "signal", "randomWalk", "frequencyHz", 10.0, "noise", 0.05,
                "samplePeriodMs", 100L, "spikeProbability", 0.02);
        Collector c1 = new Collector();
        Collector c2 = new Collector();
        Collector c3 = new Collector();
        one.listen(List.of(walk), c1);
        two.listen(List.of(walk), c2);
        three.listen(List.of(walk), c3);
        // each driver's clock starts at its own activation, so their grids meet after a while: wait for that
        try {
            await("100 common sample times", () -> common(c1, c2) >= 100 && common(c1, c3) >= 100);
        } finally {
            one.unlisten(c1);
            two.unlisten(c2);
            three.unlisten(c3);
        }
        Map<Long, Double> byTime = new HashMap<>();
        c1.snapshot().forEach(r -> byTime.put(r.timestamp(), r.value().doubleValue()));
        int compared = 0;
        for (ChannelResult r : c2.snapshot()) {
            Double v = byTime.get(r.timestamp());
            if (v != null) {
                assertThat(r.value().doubleValue()).as("same seed at %d", r.timestamp()).isEqualTo(v);
                compared++;
            }
        }
        assertThat(compared).as("common timestamps of %s and %s", range(c1), range(c2)).isGreaterThanOrEqualTo(100);
        long differ = c3.snapshot().stream().filter(r -> byTime.containsKey(r.timestamp())
                && byTime.get(r.timestamp()) != r.value().doubleValue()).count();
        assertThat(differ).as("other seed").isGreaterThanOrEqualTo(100);
        assertThat(c1.snapshot()).allSatisfy(r -> assertThat(r.timestamp() % 100).isZero());
    }

    private static long common(Collector a, Collector b) {
        java.util.Set<Long> times = new java.util.HashSet<>();
        a.snapshot().forEach(r -> times.add(r.timestamp()));
        return b.snapshot().stream().filter(r -> times.contains(r.timestamp())).count();
    }

    private static String range(Collector c) {
        List<ChannelResult> r = c.snapshot();
        return r.size() + " results " + r.get(0).timestamp() + ".." + r.get(r.size() - 1).timestamp();
    }

    @Test
    void deletingAConfigurationRemovesItsServiceAndStopsItsListeners(
            @InjectService(timeout = TIMEOUT_MS) ConfigurationAdmin cm) throws Exception {
        Configuration keep = cm.getFactoryConfiguration(PID, "keep", null);
        Configuration gone = cm.getFactoryConfiguration(PID, "gone", null);
        try {
            keep.update(new Hashtable<>(Map.of(Driver.NAME_PROPERTY, "sim-keep")));
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Driver.NAME_PROPERTY, "sim-gone");
            props.put("clockStartMs", 1_000_000L);
            props.put("timeScale", 1000.0);
            gone.update(props);
            await("both drivers", () -> refs("(weir.driver.name=sim-keep)").size() == 1
                    && refs("(weir.driver.name=sim-gone)").size() == 1);

            Driver driver = context.getService(refs("(weir.driver.name=sim-gone)").get(0));
            Collector c = new Collector();
            driver.listen(List.of(channel("v", "signal", "vibration", "frequencyHz", 20.0, "samplePeriodMs", 10L)), c);
            await("values", () -> c.size() >= 50);
            assertThat(threadAlive("sim-gone")).isTrue();

            gone.delete();
            await("the service to go", () -> refs("(weir.driver.name=sim-gone)").isEmpty());
            await("the listening thread to end", () -> !threadAlive("sim-gone"));
            int after = c.size();
            Thread.sleep(50); // 50 simulated seconds: 5000 samples would be due if anything still ran
            assertThat(c.size()).as("no deliveries after deactivation").isEqualTo(after);
            assertThat(refs("(weir.driver.name=sim-keep)")).hasSize(1);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith(
                    "weir-driver-simulated-sim-gone"));
        } finally {
            keep.delete();
        }
        await("every driver to go", () -> refs(SIMULATED).isEmpty());
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("weir-driver-simulated-"));
    }

    private List<ServiceReference<Driver>> refs(String filter) {
        try {
            return new ArrayList<>(context.getServiceReferences(Driver.class, filter));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    @WithFactoryConfiguration(factoryPid = PID, name = "v", properties = @Property(key = Driver.NAME_PROPERTY,
            value = "sim-v"))
    void validationAndWritesThroughTheService(
            @InjectService(filter = "(weir.driver.name=sim-v)", timeout = TIMEOUT_MS) Driver driver) throws Exception {
        assertThat(driver.channelDescriptor().setting("signal").options()).extracting(TypedValue::stringValue)
                .contains("sine", "randomWalk", "vibration", "temperature", "anomalyLabel");
        assertThatThrownBy(() -> driver.validate(channel("bad", "signal", "cosine"))).isInstanceOf(DriverException.class)
                .hasMessageContaining("channel 'bad'").hasMessageContaining("'signal'");
        assertThatThrownBy(() -> driver.validate(channel("neg", "frequencyHz", -2.0)))
                .hasMessage("channel 'neg': setting 'frequencyHz' must be at least 0, got -2");
        driver.validate(channel("ok", "signal", "square", "dutyCycle", 0.2));

        Channel sp = channel("sp", DataType.INTEGER, ChannelMode.READ_WRITE, "signal", "constant", "offset", 5.0);
        assertThat(driver.read(List.of(sp)).get(0).value()).isEqualTo(TypedValue.ofInteger(5));
        List<ChannelResult> w = driver.write(List.of(new ChannelWrite(sp, TypedValue.ofInteger(12)),
                new ChannelWrite(channel("ro"), TypedValue.ofDouble(1))));
        assertThat(w.get(0).value()).isEqualTo(TypedValue.ofInteger(12));
        assertThat(w.get(1).status().code()).isEqualTo(StatusCode.UNSUPPORTED);
        assertThat(driver.read(List.of(sp)).get(0).value()).isEqualTo(TypedValue.ofInteger(12));
        assertThat(driver.connect().isOk()).isTrue();
    }

    @Test
    void publishesItsMetatype(@InjectService(timeout = TIMEOUT_MS) MetaTypeService metatype) {
        MetaTypeInformation info = metatype.getMetaTypeInformation(driverBundle());
        assertThat(info.getFactoryPids()).contains(PID);
        ObjectClassDefinition ocd = info.getObjectClassDefinition(PID, null);
        assertThat(ocd.getName()).isEqualTo("Weir simulated driver");
        Map<String, AttributeDefinition> attrs = new HashMap<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            attrs.put(ad.getID(), ad);
        }
        assertThat(attrs).containsKeys(Driver.NAME_PROPERTY, "seed", "scheduleOrigin", "clockStartMs", "timeScale",
                "available");
        assertThat(Arrays.asList(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED)))
                .extracting(AttributeDefinition::getID).contains(Driver.NAME_PROPERTY);
        assertThat(attrs.get("scheduleOrigin").getOptionValues()).containsExactly("START", "EPOCH");
        assertThat(attrs.get("seed").getType()).isEqualTo(AttributeDefinition.LONG);
    }

    @Test
    @WithFactoryConfiguration(factoryPid = PID, name = "broken", properties = {
        @Property(key = Driver.NAME_PROPERTY, value = "sim-broken"),
        @Property(key = "timeScale", value = "0", scalar = Property.Scalar.Double)})
    void anInvalidConfigurationFailsActivationWithTheAttributeNamed(
            @InjectService(timeout = TIMEOUT_MS) ServiceComponentRuntime scr) throws Exception {
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(driverBundle(), PID);
        assertThat(description).isNotNull();
        await("the failed activation", () -> scr.getComponentConfigurationDTOs(description).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION));
        ComponentConfigurationDTO failed = scr.getComponentConfigurationDTOs(description).stream()
                .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION).findFirst().orElseThrow();
        assertThat(failed.failure).contains("attribute timeScale must be between 0.001 and 1000000");
        // SCR keeps the service registered but cannot produce it: nobody can use a misconfigured driver
        for (ServiceReference<Driver> ref : refs("(weir.driver.name=sim-broken)")) {
            assertThat(context.getService(ref)).isNull();
        }
    }
}
