// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the CONF-V1/CONF-V2 apps, PID {@value ManagedConfigurations#PID}. */
@ObjectClassDefinition(name = "Weir remote configuration (CONF-V1, CONF-V2)",
        description = "Which components the cloud may read and change through CONF-V1/CONF-V2, and how many "
                + "configuration snapshots are kept.")
@interface ConfAppConfig {

    @AttributeDefinition(name = "Ignored PIDs", required = false,
            description = "PIDs and factory PIDs that CONF-V1/CONF-V2 neither show nor change.")
    String[] ignored_pids() default {};

    @AttributeDefinition(name = "Snapshots kept", min = "1", max = "1000",
            description = "How many configuration snapshots are kept; older ones are deleted.")
    int snapshots_max() default 10;
}
