// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.asset.Asset;
import io.weir.asset.AssetSource;
import io.weir.asset.AssetState;
import io.weir.asset.AssetStatus;
import io.weir.asset.AssetStatusReason;
import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.data.RecordListener;
import io.weir.data.TypedValue;
import io.weir.driver.ChannelResult;
import io.weir.driver.Driver;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

/**
 * Black-box tests of the asset bundle inside Felix: factory configurations through Config Admin, test drivers
 * and record listeners registered as services, the Gogo commands run by the real Gogo runtime.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@ExtendWith(ConfigurationExtension.class)
class AssetIT {

    private static final String PID = "io.weir.asset";
    private static final long TIMEOUT_MS = 10_000;
    private static final String RMS = "{\"name\":\"rms\",\"type\":\"DOUBLE\",\"settings\":{\"address\":100,\"offset\":0.5}}";
    private static final String COUNT = "{\"name\":\"count\",\"type\":\"LONG\",\"mode\":\"READ_WRITE\","
            + "\"settings\":{\"address\":7}}";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT_MS)
    ConfigurationAdmin cm;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it
            }
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyUnregistered) {
                // the test unregistered it
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private TestDriver driver(String name) {
        TestDriver d = new TestDriver();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Driver.NAME_PROPERTY, name);
        props.put("weir.driver.protocol", "itest");
        registrations.add(context.registerService(Driver.class, d, props));
        return d;
    }

    private ServiceRegistration<Driver> register(String name, TestDriver d) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Driver.NAME_PROPERTY, name);
        ServiceRegistration<Driver> r = context.registerService(Driver.class, d, props);
        registrations.add(r);
        return r;
    }

    private Collector listener(Object source) {
        Collector c = new Collector();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(AssetSource.PROPERTY, source);
        registrations.add(context.registerService(RecordListener.class, c, props));
        return c;
    }

    private Configuration asset(String name, String driverName, long periodMs, String... channels) throws Exception {
        Configuration c = cm.getFactoryConfiguration(PID, name, null);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("weir.asset.name", name);
        props.put("driverName", driverName);
        props.put("channels", channels);
        props.put("samplingPeriodMs", periodMs);
        c.update(props);
        configurations.add(c);
        return c;
    }

    private ServiceReference<Asset> assetReference(String name) throws InvalidSyntaxException {
        var refs = context.getServiceReferences(Asset.class, "(" + Asset.NAME_PROPERTY + "=" + name + ")");
        return refs.isEmpty() ? null : refs.iterator().next();
    }

    private Asset awaitAsset(String name) throws Exception {
        Asset[] found = new Asset[1];
        await(() -> {
            try {
                // one lookup per try: the service may go away between finding its reference and getting it
                ServiceReference<Asset> ref = assetReference(name);
                found[0] = ref == null ? null : context.getService(ref);
                return found[0] != null;
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, "Asset service " + name);
        return found[0];
    }

    private HealthContributor health(String assetName) throws Exception {
        for (ServiceReference<HealthContributor> r : context.getServiceReferences(HealthContributor.class, null)) {
            HealthContributor h = context.getService(r);
            if (h != null && h.name().equals("asset." + assetName)) {
                return h;
            }
        }
        return null;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT_MS + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static void awaitState(Asset a, AssetState state, AssetStatusReason reason) throws InterruptedException {
        await(() -> a.status().state() == state && a.status().reason() == reason,
                a.name() + " to be " + state + "/" + reason + " (is " + a.status() + ")");
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }

    private Bundle assetBundle() {
        return Arrays.stream(context.getBundles()).filter(b -> "io.weir.asset".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }

    /** Collects every record it receives. */
    static final class Collector implements RecordListener {
        final List<Record> records = new CopyOnWriteArrayList<>();

        @Override
        public void onRecords(RecordBatch batch) {
            records.addAll(batch.records());
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    @WithFactoryConfiguration(factoryPid = PID, name = "annotated", properties = {
        @Property(key = "weir.asset.name", value = "annotated"),
        @Property(key = "driverName", value = "drv-annotated"),
        @Property(key = "channels", type = Property.Type.Array, value = {RMS, COUNT}),
        @Property(key = "samplingPeriodMs", value = "50", scalar = Property.Scalar.Long)})
    void activatesFromAFactoryConfigurationAndAdvertisesItsProperties() throws Exception {
        driver("drv-annotated");
        Asset a = awaitAsset("annotated");
        ServiceReference<Asset> ref = assetReference("annotated");
        assertThat(ref.getProperty(Asset.NAME_PROPERTY)).isEqualTo("annotated");
        assertThat(ref.getProperty("service.factoryPid")).isEqualTo(PID);
        assertThat(ref.getProperty("driverName")).isEqualTo("drv-annotated");
        assertThat(ref.getProperty("samplingPeriodMs")).isEqualTo(50L);
        assertThat(a.name()).isEqualTo("annotated");

        awaitState(a, AssetState.ONLINE, AssetStatusReason.NONE);
        assertThat(a.channels()).extracting(c -> c.name()).containsExactly("rms", "count");
        assertThat(a.channels().get(0).setting("address")).as("typed by the driver's descriptor")
                .isEqualTo(TypedValue.ofInteger(100));

        HealthContributor h = health("annotated");
        assertThat(h).as("health contributor asset.annotated").isNotNull();
        HealthReport report = h.health();
        assertThat(report.state()).isEqualTo(HealthState.UP);
        assertThat(report.details()).containsEntry("state", "ONLINE").containsEntry("driver", "drv-annotated");

        List<ChannelResult> read = a.read(List.of("count", "rms")).getValue();
        assertThat(read).extracting(ChannelResult::channel).containsExactly("count", "rms");
        assertThat(read).allMatch(ChannelResult::isOk);
        List<ChannelResult> written = a.write(Map.of("count", TypedValue.ofLong(42), "rms", TypedValue.ofDouble(1)))
                .getValue();
        assertThat(written).filteredOn(ChannelResult::isOk).extracting(ChannelResult::channel).containsExactly("count");
    }

    @Test
    void publishesItsMetatypeAsAFactory(@InjectService(timeout = TIMEOUT_MS) MetaTypeService metatype) {
        var info = metatype.getMetaTypeInformation(assetBundle());
        assertThat(info.getFactoryPids()).contains(PID);
        ObjectClassDefinition ocd = info.getObjectClassDefinition(PID, null);
        assertThat(ocd.getName()).isEqualTo("Weir asset");
        assertThat(Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).map(d -> d.getID()))
                .containsExactlyInAnyOrder("weir.asset.name", "driverName", "channels", "samplingPeriodMs");
    }

    @Test
    void recordsReachTheListenersThatSelectTheAsset() throws Exception {
        driver("drv-rec");
        Collector mine = listener("rec-1");
        Collector all = listener(AssetSource.ALL);
        Collector several = listener(new String[] {"nobody", "rec-1"});
        Collector other = listener("someone-else");
        asset("rec-1", "drv-rec", 50, RMS, COUNT);

        await(() -> mine.records.size() >= 5, "five records");
        await(() -> all.records.size() >= 5 && several.records.size() >= 5, "five records for * and the array");
        assertThat(other.records).isEmpty();
        Record first = mine.records.get(0);
        assertThat(first.source()).isEqualTo("rec-1");
        assertThat(List.copyOf(first.values().keySet())).containsExactly("rms", "count");
        assertThat(first.value("rms").type()).isEqualTo(io.weir.data.DataType.DOUBLE);
        assertThat(first.value("count").type()).isEqualTo(io.weir.data.DataType.LONG);
        long n = first.value("count").longValue();
        assertThat(first.value("rms").doubleValue()).isEqualTo(100 + 0.5 + n);
        for (int i = 1; i < 5; i++) {
            assertThat(mine.records.get(i).timestamp()).isGreaterThanOrEqualTo(mine.records.get(i - 1).timestamp());
            assertThat(mine.records.get(i).value("count").longValue()).isGreaterThan(
                    mine.records.get(i - 1).value("count").longValue());
        }
    }

    @Test
    void aSlowDeviceDoesNotDelayAnotherAsset() throws Exception {
        TestDriver slow = driver("drv-slow");
        CountDownLatch hold = new CountDownLatch(1);
        slow.hold = hold;
        driver("drv-fast");
        Collector fast = listener("fast-1");
        Collector slowRecords = listener("slow-1");
        asset("slow-1", "drv-slow", 100, RMS);
        asset("fast-1", "drv-fast", 100, RMS);

        assertThat(slow.firstReadEntered.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
        long held = System.nanoTime();
        int before = fast.records.size();
        await(() -> fast.records.size() >= before + 5, "five fast records while the slow device hangs");
        assertThat(slow.completedReads.get()).as("the slow read is still in progress").isZero();
        assertThat(slowRecords.records).isEmpty();
        assertThat(threadAlive("weir-asset-slow-1")).isTrue();
        assertThat(threadAlive("weir-asset-fast-1")).isTrue();

        // let the slow device answer after 2 s: 20 periods of its asset passed meanwhile
        long remaining = TimeUnit.SECONDS.toNanos(2) - (System.nanoTime() - held);
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
        slow.hold = null;
        hold.countDown();
        await(() -> !slowRecords.records.isEmpty(), "the slow asset's record");
        HealthContributor h = health("slow-1");
        await(() -> Long.parseLong(h.health().details().get("skippedSamples")) > 0, "skipped samples counted");
        long skipped = Long.parseLong(h.health().details().get("skippedSamples"));
        assertThat(skipped).as("missed ticks are skipped, not piled up").isGreaterThanOrEqualTo(10);
        assertThat(slow.reads.get()).as("no burst of catch-up reads").isLessThan(10);
    }

    @Test
    void aMissingDriverMakesTheAssetOfflineUntilItArrives() throws Exception {
        Collector records = listener("late-1");
        asset("late-1", "drv-late", 50, RMS);
        Asset a = awaitAsset("late-1");
        awaitState(a, AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING);
        assertThat(a.status().message()).isEqualTo("driver drv-late not available");
        HealthReport degraded = health("late-1").health();
        assertThat(degraded.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(degraded.message()).contains("DRIVER_MISSING").contains("drv-late");
        driver("drv-other"); // a driver with another name changes nothing
        assertThat(a.read(List.of("rms")).getValue().get(0).status().message()).isEqualTo("driver drv-late not available");

        TestDriver d = new TestDriver();
        ServiceRegistration<Driver> reg = register("drv-late", d);
        awaitState(a, AssetState.ONLINE, AssetStatusReason.NONE);
        await(() -> !records.records.isEmpty(), "records");
        assertThat(health("late-1").health().state()).isEqualTo(HealthState.UP);

        d.unreachable = true;
        awaitState(a, AssetState.OFFLINE, AssetStatusReason.COMMUNICATION_ERROR);
        assertThat(a.status().message()).contains("connection refused");
        d.unreachable = false;
        awaitState(a, AssetState.ONLINE, AssetStatusReason.NONE);

        reg.unregister();
        awaitState(a, AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING);
        assertThat(assetReference("late-1")).as("the asset stays registered without its driver").isNotNull();
    }

    @Test
    void anInvalidChannelIsAnErrorStatusNamingChannelAndSetting() throws Exception {
        driver("drv-bad");
        asset("bad-1", "drv-bad", 50, RMS,
                "{\"name\":\"temp\",\"type\":\"DOUBLE\",\"settings\":{\"address\":5,\"registerKind\":\"holding\"}}");
        Asset a = awaitAsset("bad-1");
        awaitState(a, AssetState.ERROR, AssetStatusReason.CONFIGURATION_ERROR);
        assertThat(a.status().message()).contains("channel 'temp'").contains("unknown setting 'registerKind'");
        assertThat(health("bad-1").health().state()).isEqualTo(HealthState.DEGRADED);

        asset("bad-2", "drv-bad", 50, "{\"name\":\"x\",\"type\":\"DOUBLE\",\"settings\":{\"address\":\"forty\"}}");
        Asset b = awaitAsset("bad-2");
        awaitState(b, AssetState.ERROR, AssetStatusReason.CONFIGURATION_ERROR);
        assertThat(b.status().message()).isEqualTo("channel 'x': setting 'address' must be an INTEGER, got \"forty\"");
    }

    @Test
    void aMalformedConfigurationFailsActivationNamingPidAndAttribute(
            @InjectService(timeout = TIMEOUT_MS) ServiceComponentRuntime scr) throws Exception {
        asset("dup-1", "drv-x", 50, RMS, RMS);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(assetBundle(), PID);
        await(() -> scr.getComponentConfigurationDTOs(description).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION), "failed activation");
        String failure = scr.getComponentConfigurationDTOs(description).stream()
                .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION).findFirst().orElseThrow().failure;
        assertThat(failure).contains("io.weir.asset: attribute channels[1]: duplicate channel name 'rms'");
        // Felix SCR registers an immediate component's service before activating it and leaves the
        // registration after a failed activation, but nobody gets an object from it
        ServiceReference<Asset> ref = assetReference("dup-1");
        if (ref != null) {
            assertThat(context.getService(ref)).as("no Asset object for a failed configuration").isNull();
        }
    }

    @Test
    void changingAndDeletingConfigurationsRestartsAndRemovesAssetsAndTheirThreads() throws Exception {
        TestDriver d = driver("drv-life");
        Collector records = listener("life-1");
        asset("life-2", "drv-life", 200, RMS);
        Configuration life = asset("life-1", "drv-life", 0, RMS, COUNT); // listen mode
        Asset a = awaitAsset("life-1");
        Asset other = awaitAsset("life-2");
        await(() -> d.listeners.size() == 1, "the listen registration");
        assertThat(threadAlive("weir-asset-life-1")).isTrue();
        d.listeners.get(0).onChannelResult(ChannelResult.ok("count", TypedValue.ofLong(77), 1234));
        await(() -> !records.records.isEmpty(), "a listen-mode record");
        assertThat(records.records.get(0).timestamp()).isEqualTo(1234);
        assertThat(records.records.get(0).values()).containsExactly(Map.entry("count", TypedValue.ofLong(77)));
        awaitState(a, AssetState.ONLINE, AssetStatusReason.NONE);

        // modify: the component restarts with the new channels, and listens again
        Dictionary<String, Object> props = life.getProperties();
        props.put("channels", new String[] {COUNT});
        life.update(props);
        await(() -> {
            try {
                // one lookup: the component restarts meanwhile, so a second lookup may find nothing
                ServiceReference<Asset> ref = assetReference("life-1");
                Asset now = ref == null ? null : context.getService(ref);
                return now != null && now.channels().size() == 1;
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, "the modified channels");
        await(() -> d.listeners.size() == 1, "one listen registration after the restart");

        life.delete();
        await(() -> {
            try {
                return assetReference("life-1") == null;
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }, "the Asset service to go");
        await(() -> !threadAlive("weir-asset-life-1"), "the thread weir-asset-life-1 to end");
        // the driver's listener list is updated by the deactivating asset; wait for it rather than race it
        await(() -> d.listeners.isEmpty(), "unlistened from the driver");
        assertThat(health("life-1")).as("health contributor gone").isNull();
        assertThat(assetReference("life-2")).as("the other instance stays").isNotNull();
        assertThat(other.status().state()).isEqualTo(AssetState.ONLINE);
        assertThat(threadAlive("weir-asset-life-2")).isTrue();
    }

    @Test
    void theShellCommandsListAndReadAssets(@InjectService(timeout = TIMEOUT_MS) CommandProcessor gogo)
            throws Exception {
        driver("drv-sh");
        asset("sh-1", "drv-sh", 100, RMS, COUNT);
        Asset a = awaitAsset("sh-1");
        awaitState(a, AssetState.ONLINE, AssetStatusReason.NONE);

        var refs = context.getServiceReferences((String) null, "(&(osgi.command.scope=weir)(osgi.command.function=assets))");
        assertThat(refs).hasSize(1);
        assertThat((String[]) refs[0].getProperty("osgi.command.function")).containsExactlyInAnyOrder("assets", "read");
        Object commands = context.getService(refs[0]);
        Method assets = commands.getClass().getMethod("assets");
        String listing = (String) assets.invoke(commands);
        assertThat(listing).contains("sh-1  ONLINE (NONE)").contains("driver=drv-sh").contains("period=100ms")
                .contains("rms  DOUBLE  READ  address=100, offset=0.5").contains("count  LONG  READ_WRITE");
        Method read = commands.getClass().getMethod("read", String.class, String[].class);
        String values = (String) read.invoke(commands, "sh-1", new String[] {"count"});
        assertThat(values).startsWith("count  LONG ").doesNotContain("rms");
        assertThat((String) read.invoke(commands, "nope", new String[0])).startsWith("no asset named nope");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = gogo.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        try {
            assertThat(String.valueOf(session.execute("weir:assets"))).contains("sh-1  ONLINE");
            assertThat(String.valueOf(session.execute("weir:read sh-1"))).contains("rms  DOUBLE ")
                    .contains("count  LONG ");
            assertThat(String.valueOf(session.execute("weir:read sh-1 rms"))).startsWith("rms  DOUBLE ")
                    .doesNotContain("count");
        } finally {
            session.close();
        }
    }

    @Test
    void nothingOfTheBundleIsLeftWhenItStops() throws Exception {
        driver("drv-stop");
        asset("stop-1", "drv-stop", 50, RMS);
        awaitAsset("stop-1");
        assertThat(threadAlive("weir-asset-stop-1")).isTrue();
        Bundle bundle = assetBundle();
        bundle.stop();
        try {
            assertThat(threadAlive("weir-asset-stop-1")).as("stopped synchronously, with a bounded wait").isFalse();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("weir-asset-"));
            assertThat(health("stop-1")).isNull();
        } finally {
            bundle.start();
        }
    }
}
