// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the remote-management apps DEPLOY-V2 and INVENTORY-V1, PID {@value #PID}. Both components read
 * the same configuration, so the protected bundles are declared once.
 */
@ObjectClassDefinition(name = "Weir remote deployment and inventory",
        description = "The DEPLOY-V2 and INVENTORY-V1 remote-management apps: which bundles a remote manager may not "
                + "stop, and where the system package list is read.")
@interface DeployConfig {

    /** The configuration PID shared by both apps. */
    String PID = "io.weir.cloud.app.deploy";

    @AttributeDefinition(name = "Protected bundles",
            description = "Symbolic names of bundles that a remote stop request is refused for, because stopping "
                    + "them would cut the management link. Always protected in addition: the system bundle (0), "
                    + "this bundle, and every bundle that registers the cloud connection service.")
    String[] protected_bundles() default { "io.weir.cloud.connector", "org.apache.felix.scr" };

    @AttributeDefinition(name = "dpkg status file",
            description = "Debian's package database, read for the system packages of the inventory. A missing file "
                    + "(not a Debian system) gives an empty list; an empty value disables system packages.")
    String dpkg_status_path() default "/var/lib/dpkg/status";
}
