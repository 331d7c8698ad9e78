// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming a {@link SchedulingPolicy}, for example {@code @PolicyName("latency-aware")}.
 * It becomes the service property {@value #PROPERTY}, which the scheduler's configuration selects, for example
 * {@code (weir.scheduler.policy.name=latency-aware)}.
 *
 * <p>The property name follows the DS rule for single-element annotations: {@code PREFIX_} plus the
 * annotation name in dotted lower case. Defined by Weir and only applied by others: a provider type.
 */
@ProviderType
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PolicyName {

    /** Prefix of the generated property name. */
    String PREFIX_ = "weir.scheduler.";

    /** The service property this annotation sets: {@value}. */
    String PROPERTY = "weir.scheduler.policy.name";

    /** @return the policy name: lower case words joined by {@code -}, for example {@code least-load} */
    String value();
}
