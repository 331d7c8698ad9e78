// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.util.concurrent.CompletableFuture;

import io.weir.cloud.store.StoredMessage;

/**
 * A queued append, already encoded by the caller's thread.
 *
 * @param priority 0..9
 * @param topic the topic
 * @param qos 0..2
 * @param retain retain flag
 * @param createdMillis creation time
 * @param payload the caller's payload (for the returned message)
 * @param value the encoded value
 * @param size the accounted size (payload + UTF-8 topic)
 * @param future completed once the message is durable or refused
 */
public record AppendRequest(int priority, String topic, int qos, boolean retain, long createdMillis, byte[] payload,
        byte[] value, int size, CompletableFuture<StoredMessage> future) implements EncodedMessage {
}
