// SPDX-License-Identifier: Apache-2.0
package io.weir.asset;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type that selects the assets whose records a {@link io.weir.data.RecordListener} service
 * receives, for example {@code @AssetSource("pump-1")} or {@code @AssetSource(AssetSource.ALL)}. It becomes
 * the service property {@value #PROPERTY}, a string or string array of {@linkplain Asset#name() asset names}.
 *
 * <p>An asset delivers its records to every {@code RecordListener} service whose {@value #PROPERTY} contains
 * the asset's name or {@value #ALL}. A listener without the property receives nothing from assets. Components
 * whose sources come from configuration (pipelines) set the same property through their configuration
 * instead.
 *
 * <p>The property name follows the DS rule for single-element annotations: {@code PREFIX_} plus the
 * annotation name in dotted lower case. Defined by Weir and only applied by others: a provider type.
 */
@ProviderType
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AssetSource {

    /** Prefix of the generated property name. */
    String PREFIX_ = "weir.";

    /** The service property this annotation sets: {@value}. */
    String PROPERTY = "weir.asset.source";

    /** The value that selects every asset: {@value}. */
    String ALL = "*";

    /** @return the names of the assets to receive records from, or {@link #ALL} */
    String[] value();
}
