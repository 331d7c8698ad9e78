// SPDX-License-Identifier: Apache-2.0
package io.weir.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service that reports the health of one part of the gateway: the broker connection, an asset, the
 * message store. Implemented by many bundles, hence a consumer type.
 *
 * <p>Register it as an OSGi service; it is picked up and dropped dynamically.
 *
 * <p>Threading: {@link #health()} is called from HTTP request threads, possibly concurrently. It must return
 * a snapshot of state the contributor already holds, within milliseconds: it must never do network or disk
 * I/O, nor wait on a lock held across I/O.
 */
@ConsumerType
public interface HealthContributor {

    /**
     * @return a stable, unique short name such as {@code cloud.connection} or {@code asset.pump-1}; never
     *         {@code null}
     */
    String name();

    /**
     * @return the current health; never {@code null}. An exception thrown here is reported as DOWN with the
     *         exception message.
     */
    HealthReport health();
}
