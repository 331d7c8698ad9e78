// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming the stage type a {@link StageFactory} makes, for example
 * {@code @StageType("ewma")}. Pipeline configurations refer to stage types by this name. It becomes the service
 * property {@value #PROPERTY}. Exactly one factory per type should be active; if several are, the engine uses
 * the one with the highest service ranking.
 *
 * <p>The property name follows the DS rule for single-element annotations: {@code PREFIX_} plus the
 * annotation name in dotted lower case. Defined by Weir and only applied by others: a provider type.
 */
@ProviderType
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface StageType {

    /** Prefix of the generated property name. */
    String PREFIX_ = "weir.";

    /** The service property this annotation sets: {@value}. */
    String PROPERTY = "weir.stage.type";

    /** @return the stage type name: lower case words joined by {@code -}, for example {@code moving-average} */
    String value();
}
