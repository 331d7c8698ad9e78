// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

/**
 * A message ready to be written: its fields as given by the caller and its encoded value, made on the caller's
 * thread. Either a single {@link AppendRequest} or one message of a {@link BatchRequest}.
 */
public interface EncodedMessage {
    /** @return 0..9 */
    int priority();

    /** @return the topic */
    String topic();

    /** @return 0..2 */
    int qos();

    /** @return the retain flag */
    boolean retain();

    /** @return the creation time, epoch milliseconds */
    long createdMillis();

    /** @return the caller's payload (for the returned message) */
    byte[] payload();

    /** @return the encoded value written to the store */
    byte[] value();

    /** @return the accounted size (payload + UTF-8 topic) */
    int size();
}
