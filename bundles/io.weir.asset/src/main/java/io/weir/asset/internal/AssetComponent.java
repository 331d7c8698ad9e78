// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.promise.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.asset.Asset;
import io.weir.asset.AssetSource;
import io.weir.asset.AssetStatus;
import io.weir.data.RecordListener;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.Driver;
import io.weir.health.HealthContributor;

/**
 * One asset per factory configuration of {@value #PID}: binds channels of the driver instance named by
 * {@code driverName}, samples them (or listens to them) on its own thread, delivers records to the
 * {@link RecordListener} services that select it, and registers an {@link Asset} service plus a
 * {@link HealthContributor} named {@code asset.<name>}.
 *
 * <p>Immediate: an asset samples whether or not anyone holds its service. Drivers and listeners are dynamic
 * references: the asset stays active without its driver (OFFLINE,
 * {@code DRIVER_MISSING}) and starts working when the driver arrives. This class only adapts DS to
 * {@link AssetRunner}, which does the work.
 */
@Component(name = AssetComponent.PID, configurationPid = AssetComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = Asset.class, immediate = true)
@Designate(ocd = AssetComponent.Config.class, factory = true)
public final class AssetComponent implements Asset {

    /** The factory PID of asset configurations; stable, stored in configurations. */
    public static final String PID = "io.weir.asset";

    private static final Logger LOG = LoggerFactory.getLogger(AssetComponent.class);

    /** Configuration of one asset. */
    @ObjectClassDefinition(name = "Weir asset",
            description = "A named set of channels of one driver instance, sampled on a period or listened to.")
    @interface Config {

        @AttributeDefinition(name = "Asset name",
                description = "Unique on the gateway; the source of the asset's records and its service property "
                        + Asset.NAME_PROPERTY + ".")
        String weir_asset_name();

        @AttributeDefinition(name = "Driver instance",
                description = "The " + Driver.NAME_PROPERTY + " of the driver instance to read through. The asset "
                        + "is OFFLINE while that driver is not available.")
        String driverName();

        @AttributeDefinition(name = "Channels",
                description = "One JSON object per channel: {\"name\":\"rms\",\"type\":\"DOUBLE\",\"mode\":\"READ\","
                        + "\"settings\":{...}}. type is one of DOUBLE, FLOAT, LONG, INTEGER, BOOLEAN, STRING, BYTES; "
                        + "mode is READ (default), WRITE or READ_WRITE; settings are the driver's channel settings.")
        String[] channels();

        @AttributeDefinition(name = "Sampling period (ms)",
                description = "How often the readable channels are read; 0 = listen mode (the driver reports "
                        + "changes).", min = "0")
        long samplingPeriodMs() default 1000;
    }

    private final BundleContext context;
    private final AssetRunner runner;
    private final AssetHealth health;
    private ServiceRegistration<HealthContributor> healthRegistration;

    /**
     * Validates the configuration; everything that can be checked without a driver fails activation here.
     *
     * @throws IllegalArgumentException naming the PID and the attribute
     */
    @Activate
    public AssetComponent(BundleContext context, Config config) {
        this.context = context;
        AssetSettings settings = AssetSettings.of(PID, config.weir_asset_name(), config.driverName(),
                config.channels(), config.samplingPeriodMs());
        this.runner = new AssetRunner(settings, System::currentTimeMillis);
        this.health = new AssetHealth(runner);
    }

    /**
     * Runs after the constructor and after SCR has bound the references present at activation, so the first
     * evaluation normally sees the driver at once. Registers the health contribution (the component's own
     * service is the {@link Asset}; a second service with another {@code name()} needs its own object).
     */
    @Activate
    void activate() {
        runner.start();
        healthRegistration = context.registerService(HealthContributor.class, health,
                FrameworkUtil.asDictionary(Map.of(Asset.NAME_PROPERTY, runner.name())));
        LOG.debug("asset {} activated", runner.name());
    }

    @Deactivate
    void deactivate() {
        ServiceRegistration<HealthContributor> r = healthRegistration;
        healthRegistration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework unregistered it already
            }
        }
        runner.close();
    }

    @Reference(service = Driver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + Driver.NAME_PROPERTY + "=*)", unbind = "unbindDriver", updated = "updatedDriver")
    void bindDriver(Driver driver, Map<String, Object> properties) {
        runner.driverBound(driver, properties);
    }

    void updatedDriver(Driver driver, Map<String, Object> properties) {
        runner.driverBound(driver, properties);
    }

    void unbindDriver(Driver driver) {
        runner.driverUnbound(driver);
    }

    @Reference(service = RecordListener.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + AssetSource.PROPERTY + "=*)", unbind = "unbindRecordListener",
            updated = "updatedRecordListener")
    void bindRecordListener(RecordListener listener, Map<String, Object> properties) {
        runner.listenerBound(listener, properties);
    }

    void updatedRecordListener(RecordListener listener, Map<String, Object> properties) {
        runner.listenerBound(listener, properties);
    }

    void unbindRecordListener(RecordListener listener) {
        runner.listenerUnbound(listener);
    }

    @Override
    public String name() {
        return runner.name();
    }

    @Override
    public AssetStatus status() {
        return runner.status();
    }

    @Override
    public List<Channel> channels() {
        return runner.channels();
    }

    @Override
    public Promise<List<ChannelResult>> read(List<String> channels) {
        return runner.read(channels);
    }

    @Override
    public Promise<List<ChannelResult>> write(Map<String, TypedValue> values) {
        return runner.write(values);
    }

    @Override
    public String toString() {
        return "Asset[" + runner.name() + "]";
    }
}
