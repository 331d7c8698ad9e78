// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Subscribes listeners to data messages addressed to this gateway. Implemented only by Weir's cloud connector:
 * a provider type.
 *
 * <p>Subscriptions outlive connections: the connector subscribes again after every reconnect. Threads: every
 * method may be called from any thread and returns at once; the broker subscription happens asynchronously.
 */
@ProviderType
public interface CloudSubscriber {

    /**
     * Subscribes a listener to a topic filter.
     *
     * @param topicFilter a semantic topic filter, relative to {@code {account}/{clientId}/}: levels joined by
     *        {@code /}, where {@code +} may stand for a whole level and {@code #} for the remaining levels at the
     *        end, for example {@code OFFLOAD-V1/results/#}
     * @param qos the maximum QoS to receive with
     * @param listener receives the matching messages; may be subscribed to several filters
     * @throws IllegalArgumentException if the filter is not a valid topic filter
     */
    void subscribe(String topicFilter, QoS qos, CloudMessageListener listener);

    /**
     * Removes every subscription of a listener. When this method returns, no new call to the listener starts.
     * Idempotent; does nothing for an unknown listener.
     *
     * @param listener a listener passed to {@link #subscribe(String, QoS, CloudMessageListener)}
     */
    void unsubscribe(CloudMessageListener listener);
}
