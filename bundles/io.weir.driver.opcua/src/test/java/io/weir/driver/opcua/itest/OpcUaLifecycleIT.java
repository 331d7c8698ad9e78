// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.itest;

import static io.weir.driver.opcua.itest.Drivers.assertOk;
import static io.weir.driver.opcua.itest.Drivers.channel;
import static io.weir.driver.opcua.itest.Drivers.props;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.ChannelResult;
import io.weir.driver.Driver;
import io.weir.driver.DriverProtocol;

/**
 * Component lifecycle: factory configurations, advertised properties, metatype, invalid configurations,
 * recovery after the server goes away and comes back, and no threads left behind.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class OpcUaLifecycleIT {

    private static TestServer server;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = Drivers.TIMEOUT_MS)
    ConfigurationAdmin cm;

    private Drivers drivers;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.open(TestServer.tempDir("opcua-itest-lifecycle"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void setUp() {
        drivers = new Drivers(context, cm);
    }

    @AfterEach
    void tearDown() throws Exception {
        drivers.close();
        if (!server.running()) {
            server.start();
        }
    }

    @Test
    void eachFactoryConfigurationIsOneDriverAndDeletingOneRemovesIt() throws Exception {
        drivers.create(props("line-a", server.url()));
        drivers.create(props("line-b", "opc.tcp://127.0.0.1:1/unused"));

        assertThat(drivers.reference("line-a")).isNotNull();
        assertThat(drivers.reference("line-b")).isNotNull();

        drivers.delete("line-a");

        assertThat(drivers.reference("line-a")).isNull();
        assertThat(drivers.reference("line-b")).isNotNull();

        // a configuration change restarts the instance with the new endpoint
        Driver b = drivers.create(props("line-b", server.url()));
        assertOk(b.read(List.of(channel("ro", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=ReadOnlyDouble"))).get(0));
    }

    @Test
    void advertisesNameProtocolAndNoSecrets() throws Exception {
        drivers.create(props("props", server.url(), "username", "operator", ".password", "s3cret",
                ".keyStorePassword", "k3y"));

        ServiceReference<Driver> ref = drivers.reference("props");
        assertThat(ref.getProperty(Driver.NAME_PROPERTY)).isEqualTo("props");
        assertThat(ref.getProperty(DriverProtocol.PROPERTY)).isEqualTo("opcua");
        assertThat(ref.getProperty("endpointUrl")).isEqualTo(server.url());
        assertThat(ref.getProperty("username")).isEqualTo("operator");
        assertThat(ref.getPropertyKeys()).doesNotContain(".password", "password", "_password",
                ".keyStorePassword", "keyStorePassword");
        assertThat(Arrays.stream(ref.getPropertyKeys()).map(String::valueOf).map(ref::getProperty)
                .map(String::valueOf)).noneMatch(v -> v.contains("s3cret") || v.contains("k3y"));
    }

    @Test
    void publishesMetatypeWithPrivatePasswords(@InjectService(timeout = Drivers.TIMEOUT_MS) MetaTypeService metatype) {
        Bundle bundle = Arrays.stream(context.getBundles())
                .filter(b -> "io.weir.driver.opcua".equals(b.getSymbolicName())).findFirst().orElseThrow();
        var info = metatype.getMetaTypeInformation(bundle);
        assertThat(info.getFactoryPids()).contains(Drivers.PID);
        ObjectClassDefinition ocd = info.getObjectClassDefinition(Drivers.PID, null);
        List<AttributeDefinition> attributes = Arrays.asList(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL));
        assertThat(attributes).extracting(AttributeDefinition::getID).contains("weir.driver.name", "endpointUrl",
                "securityPolicy", "messageSecurityMode", ".password", ".keyStorePassword", "trustListDirectory",
                "acceptUntrustedServerCertificates", "requestTimeoutMs", "publishingIntervalMs",
                "reconnectBackoffMinMs", "reconnectBackoffMaxMs");
        assertThat(attributes).filteredOn(a -> a.getID().equals(".password")).singleElement()
                .extracting(AttributeDefinition::getType).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(attributes).filteredOn(a -> a.getID().equals("acceptUntrustedServerCertificates"))
                .singleElement().extracting(a -> a.getDefaultValue()[0]).isEqualTo("false");
    }

    @Test
    void invalidConfigurationFailsActivationWithTheAttributeNamed(
            @InjectService(timeout = Drivers.TIMEOUT_MS) ServiceComponentRuntime scr) throws Exception {
        var c = cm.getFactoryConfiguration(Drivers.PID, "bad", "?");
        c.update(props("bad", server.url(), "securityPolicy", "Basic256Sha256", "messageSecurityMode", "None"));
        try {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTOs().stream()
                    .filter(d -> d.name.equals("io.weir.driver.opcua.internal.OpcUaDriver")).findFirst().orElseThrow();
            Drivers.eventually(() -> scr.getComponentConfigurationDTOs(description).stream()
                    .anyMatch(cc -> cc.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                            && String.valueOf(cc.failure).contains("messageSecurityMode")),
                    "failed activation naming messageSecurityMode");
            // SCR may keep the registration of a component that failed to activate, but it yields no service
            ServiceReference<Driver> ref = drivers.reference("bad");
            assertThat(ref == null ? null : context.getService(ref)).isNull();
        } finally {
            c.delete();
        }
    }

    @Test
    void serverStopGivesErrorsAndTheDriverRecoversAfterRestart() throws Exception {
        Driver driver = drivers.create(props("restart", server.url()));
        Channel counter = channel("counter", DataType.INTEGER, ChannelMode.READ, "ns=2;s=Counter",
                "samplingIntervalMs", 20L);
        server.namespace().set("Counter", 7);
        assertThat(driver.read(List.of(counter)).get(0).value()).isEqualTo(TypedValue.ofInteger(7));
        Drivers.Recorder recorder = new Drivers.Recorder();
        driver.listen(List.of(counter), recorder);
        recorder.next(r -> r.isOk() && r.value().equals(TypedValue.ofInteger(7)), "subscribed value");

        server.stop();

        ChannelResult lost = recorder.next(r -> !r.isOk(), "an error result for the listener");
        assertThat(lost.status().code().isCommunicationFailure()).as("%s", lost).isTrue();
        ChannelResult failed = Drivers.readUntil(driver, counter, r -> !r.isOk());
        assertThat(failed.status().code().isCommunicationFailure()).as("%s", failed).isTrue();

        server.start();
        server.namespace().set("Counter", 99);

        ChannelResult back = Drivers.readUntil(driver, counter, ChannelResult::isOk);
        assertThat(back.value()).isEqualTo(TypedValue.ofInteger(99));
        recorder.next(r -> r.isOk() && r.value().equals(TypedValue.ofInteger(99)),
                "the listener is subscribed again after the restart");
        server.namespace().set("Counter", 100);
        recorder.next(r -> r.isOk() && r.value().equals(TypedValue.ofInteger(100)), "changes flow again");
    }

    @Test
    void deactivationLeavesNoThreadBehind() throws Exception {
        // warm up the server side (its shared Milo pools) with another instance first
        Driver warm = drivers.create(props("warm", server.url()));
        assertOk(warm.read(List.of(channel("ro", DataType.DOUBLE, ChannelMode.READ, "ns=2;s=ReadOnlyDouble"))).get(0));
        drivers.delete("warm");
        Set<Thread> before = threads();

        Driver driver = drivers.create(props("threads", server.url()));
        assertThat(names(threads())).noneMatch(n -> n.startsWith("weir-opcua-threads-"));
        Channel counter = channel("counter", DataType.INTEGER, ChannelMode.READ, "ns=2;s=Counter");
        assertOk(driver.read(List.of(counter)).get(0));
        Drivers.Recorder recorder = new Drivers.Recorder();
        driver.listen(List.of(counter), recorder);
        recorder.next(ChannelResult::isOk, "a subscribed value");
        assertThat(names(threads())).anyMatch(n -> n.startsWith("weir-opcua-threads-io"))
                .anyMatch(n -> n.startsWith("weir-opcua-threads-worker-"));

        drivers.delete("threads");

        Drivers.eventually(() -> names(threads()).noneMatch(n -> n.startsWith("weir-opcua-threads")),
                "every weir-opcua-threads-* thread stopped");
        // nothing else either: only the test server's own Milo pools ("milo-*") may have grown
        Drivers.eventually(() -> newThreads(before).isEmpty(), "no new threads but the server's: "
                + newThreads(before));
    }

    private static List<String> newThreads(Set<Thread> before) {
        return threads().stream().filter(t -> !before.contains(t)).map(Thread::getName)
                .filter(n -> !n.startsWith("milo-")).collect(Collectors.toList());
    }

    private static Set<Thread> threads() {
        return Collections.unmodifiableSet(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.toSet()));
    }

    private static java.util.stream.Stream<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName);
    }
}
