// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

import io.weir.data.RecordBatch;

/**
 * Publishes messages to the cloud through the store-and-forward store. Implemented only by Weir's cloud
 * connector: a provider type.
 *
 * <p>A message is <em>accepted</em> when the promise resolves: QoS 1 and 2 messages are then durable in the
 * store and will be delivered at least once, across broker outages, {@code kill -9} and power loss; QoS 0
 * messages are queued in memory. Messages are sent while connected, by priority and then in acceptance order,
 * subject to the configured rate limit. Publishing while disconnected is normal: messages wait in the store.
 *
 * <p>Threads: every method may be called from any thread and returns without waiting for the store or the
 * network. Promise callbacks run on a connector thread and must not block.
 */
@ProviderType
public interface CloudPublisher {

    /**
     * Publishes one message.
     *
     * @param message the message, not {@code null}
     * @return a promise of the message id, unique in the store, resolved when the message is accepted; failed
     *         with a {@link CloudException} ({@link CloudErrorCode#STORE_FULL}, {@link
     *         CloudErrorCode#STORE_FAILURE}, {@link CloudErrorCode#PAYLOAD_TOO_LARGE}, {@link
     *         CloudErrorCode#CLOSED}) if it is not. Never {@code null}.
     */
    Promise<Long> publish(CloudMessage message);

    /**
     * Publishes records, one message per record with the {@linkplain CloudPayload#of(io.weir.data.Record)
     * record's payload}, not retained. The batch is accepted as a whole or not at all, so a caller that
     * retries after a failure neither loses nor duplicates records.
     *
     * @param topic the semantic topic, with the rules of {@link CloudMessage#topic()}
     * @param records the records, in order; not {@code null}
     * @param qos the MQTT quality of service
     * @param priority from {@value CloudMessage#PRIORITY_HIGHEST} to {@value CloudMessage#PRIORITY_LOWEST}
     * @return a promise of the message ids in record order, resolved when every message is accepted; failed
     *         with a {@link CloudException} if none was. Never {@code null}.
     * @throws IllegalArgumentException if the topic or the priority is invalid
     */
    Promise<List<Long>> publish(String topic, RecordBatch records, QoS qos, int priority);
}
