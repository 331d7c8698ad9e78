// SPDX-License-Identifier: Apache-2.0
package io.weir.console.security.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@code webconsole.security.provider.id}, the property the web console matches
 * against its {@code felix.webconsole.security.providers} framework property.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@interface SecurityProviderId {
    String PREFIX_ = "webconsole.";

    String value();
}
