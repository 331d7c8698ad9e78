// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.weir.cloud.store.StoredMessage;

/**
 * A queued atomic batch ({@code MessageStore.appendAll}), already encoded by the caller's thread. The writer admits,
 * writes and commits it as one unit: all of its messages in one commit, or none.
 *
 * @param messages the messages in the caller's order, at least one
 * @param bytes the sum of the encoded value lengths (for the writer's per-commit caps)
 * @param future completed with the stored messages (same order) once all are durable, or failed as a whole
 */
public record BatchRequest(List<Message> messages, long bytes, CompletableFuture<List<StoredMessage>> future) {

    /**
     * One message of a batch.
     *
     * @param priority 0..9
     * @param topic the topic
     * @param qos 0..2
     * @param retain retain flag
     * @param createdMillis creation time
     * @param payload the caller's payload (for the returned message)
     * @param value the encoded value
     * @param size the accounted size (payload + UTF-8 topic)
     */
    public record Message(int priority, String topic, int qos, boolean retain, long createdMillis, byte[] payload,
            byte[] value, int size) implements EncodedMessage {
    }

    /** @return the number of messages */
    public int size() {
        return messages.size();
    }
}
