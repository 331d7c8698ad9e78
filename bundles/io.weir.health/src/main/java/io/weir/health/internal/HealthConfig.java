// SPDX-License-Identifier: Apache-2.0
package io.weir.health.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the health endpoint, PID {@value HealthServlet#PID}. */
@ObjectClassDefinition(name = "Weir health endpoint",
        description = "GET /health: overall status, framework, bundles, DS components and health contributions.")
@interface HealthConfig {

    @AttributeDefinition(name = "Ignored components",
            description = "DS component names that are not counted when deciding whether the gateway is UP, "
                    + "for example optional components that may legitimately stay unsatisfied.")
    String[] ignoredComponents() default {};

    @AttributeDefinition(name = "Unresolved bundles make the gateway DOWN",
            description = "When true, an installed bundle that cannot resolve makes the status DOWN.")
    boolean unresolvedBundlesAreFatal() default true;

    @AttributeDefinition(name = "Degraded contributions make the gateway DOWN",
            description = "When true, a contribution reporting DEGRADED counts as DOWN.")
    boolean degradedIsDown() default false;
}
