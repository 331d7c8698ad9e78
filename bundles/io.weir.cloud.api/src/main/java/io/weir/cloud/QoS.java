// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The MQTT quality of service of a publication or subscription. Defined by Weir: a provider type.
 *
 * <p>For publishing, the store-and-forward guarantee follows the level: QoS 0 messages are queued in memory
 * and may be lost in a crash; QoS 1 and 2 messages are made durable before they are accepted and are never
 * lost once accepted (duplicates after a crash are possible).
 */
@ProviderType
public enum QoS {
    /** MQTT QoS 0. */
    AT_MOST_ONCE(0),
    /** MQTT QoS 1. */
    AT_LEAST_ONCE(1),
    /** MQTT QoS 2. */
    EXACTLY_ONCE(2);

    private final int level;

    QoS(int level) {
        this.level = level;
    }

    /** @return the MQTT level, 0, 1 or 2 */
    public int level() {
        return level;
    }

    /** @return {@code true} for QoS 1 and 2, whose messages are durable once accepted */
    public boolean isDurable() {
        return level > 0;
    }

    /**
     * @param level an MQTT QoS level
     * @return the matching constant
     * @throws IllegalArgumentException if {@code level} is not 0, 1 or 2
     */
    public static QoS ofLevel(int level) {
        for (QoS q : values()) {
            if (q.level == level) {
                return q;
            }
        }
        throw new IllegalArgumentException("MQTT QoS must be 0, 1 or 2, was " + level);
    }
}
