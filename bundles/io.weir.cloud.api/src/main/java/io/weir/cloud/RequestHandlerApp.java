// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming the app id a {@link RequestHandler} serves, for example
 * {@code @RequestHandlerApp("DEPLOY-V2")}. It becomes the service property {@value #PROPERTY}. An app id is
 * written {@code NAME-Vn} and contains no {@code /}, {@code +}, {@code #} or {@code ,}. If several handlers
 * claim one app id, the connector uses the one with the highest service ranking.
 *
 * <p>The property name follows the DS rule for single-element annotations: {@code PREFIX_} plus the
 * annotation name in dotted lower case. Defined by Weir and only applied by others: a provider type.
 */
@ProviderType
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RequestHandlerApp {

    /** Prefix of the generated property name. */
    String PREFIX_ = "weir.cloud.";

    /** The service property this annotation sets: {@value}. */
    String PROPERTY = "weir.cloud.request.handler.app";

    /** @return the app id, for example {@code CONF-V1} */
    String value();
}
