// SPDX-License-Identifier: Apache-2.0
package io.weir.health;

import org.osgi.annotation.versioning.ProviderType;
/** The state of one health contribution, from best to worst. */
@ProviderType
public enum HealthState {
    /** Working as configured. */
    UP,
    /** Working, but with reduced service (for example buffering while the cloud is unreachable). */
    DEGRADED,
    /** Not working; an operator should look. Makes the gateway's overall status DOWN. */
    DOWN
}
