// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

/** One publisher under measurement: Weir's cloud service or raw Paho. Used by one thread at a time. */
interface Side extends AutoCloseable {

    /**
     * What one round's publishing took.
     *
     * @param startNanos when the first publish was called
     * @param acceptedNanos when the last publish was accepted (Weir: its future completed; Paho: its token
     *        completed, i.e. written for QoS 0 and acknowledged for QoS 1)
     * @param failed publishes that failed (none expected)
     */
    record Publication(long startNanos, long acceptedNanos, long failed) {
    }

    /** @return "weir" or "paho" */
    String label();

    /** @return the full MQTT topic this side publishes to */
    String topic();

    /**
     * Builds the round's messages, outside the timing.
     *
     * @param n messages
     * @param base the timestamp of message 0; message i has base + i
     */
    void prepare(int n, long base);

    /**
     * Publishes the prepared messages as fast as the side allows.
     *
     * @return when it started and when the last publish was accepted
     * @throws Exception if publishing breaks down
     */
    Publication publish() throws Exception;

    /**
     * After the subscriber has everything: waits until the side is idle again (acknowledgements processed, queues
     * empty), so that rounds do not overlap.
     *
     * @throws Exception if it does not settle
     */
    void settle() throws Exception;

    @Override
    void close();
}
