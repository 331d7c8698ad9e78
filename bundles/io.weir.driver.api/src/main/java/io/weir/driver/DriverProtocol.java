// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for the protocol a {@link Driver} speaks, for example {@code @DriverProtocol("modbus")}
 * on the driver component. It becomes the service property {@value #PROPERTY}, which consoles and assets use
 * to find the drivers of one protocol: {@code (weir.driver.protocol=modbus)}.
 *
 * <p>The property name follows the DS rule for single-element annotations: {@code PREFIX_} plus the annotation
 * name in dotted lower case ({@code driver.protocol}). {@code PREFIX_} is therefore {@code "weir."}, not
 * {@code "weir.driver."}, which would give {@code weir.driver.driver.protocol}.
 *
 * <p>Defined by Weir and only applied by driver authors, never implemented: a provider type.
 */
@ProviderType
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DriverProtocol {

    /** Prefix of the generated property name. */
    String PREFIX_ = "weir.";

    /** The service property this annotation sets: {@value}. */
    String PROPERTY = "weir.driver.protocol";

    /**
     * @return the protocol name: lower case, stable, for example {@code modbus}, {@code opcua}, {@code simulated}
     */
    String value();
}
