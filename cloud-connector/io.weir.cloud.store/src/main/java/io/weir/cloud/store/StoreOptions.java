// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.util.Objects;

/**
 * Capacity and flush settings of a {@link MessageStore}.
 *
 * <p>Capacity counts stored (not yet acknowledged) messages and their <em>accounted bytes</em>: payload length plus
 * UTF-8 topic length. Messages with a priority {@code <= controlPriorityMax} (control traffic: lifecycle messages,
 * replies, notifications) may use an extra headroom beyond both limits, so a store full of telemetry still accepts
 * them. When a message does not fit, {@link #fullPolicy()} decides.
 *
 * @param maxMessages the message limit for ordinary traffic ({@code >= 1})
 * @param maxBytes the accounted-bytes limit for ordinary traffic ({@code >= 1})
 * @param fullPolicy what to do with a message that does not fit
 * @param controlPriorityMax the highest (numerically largest) priority counted as control traffic, {@code -1..9};
 *     {@code -1} means no message gets the headroom
 * @param controlHeadroomMessages extra messages allowed for control traffic ({@code >= 0})
 * @param controlHeadroomBytes extra accounted bytes allowed for control traffic ({@code >= 0})
 * @param ackFlushMillis the longest time an {@link MessageStore#ack ack} waits to be written when nothing else is
 *     being written ({@code 1..60000})
 */
public record StoreOptions(long maxMessages, long maxBytes, FullPolicy fullPolicy, int controlPriorityMax,
        long controlHeadroomMessages, long controlHeadroomBytes, long ackFlushMillis) {

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public StoreOptions {
        Objects.requireNonNull(fullPolicy, "fullPolicy");
        require(maxMessages >= 1, "maxMessages", maxMessages, ">= 1");
        require(maxBytes >= 1, "maxBytes", maxBytes, ">= 1");
        require(controlPriorityMax >= -1 && controlPriorityMax <= MessageStore.PRIORITY_LOWEST, "controlPriorityMax",
                controlPriorityMax, "-1..9");
        require(controlHeadroomMessages >= 0, "controlHeadroomMessages", controlHeadroomMessages, ">= 0");
        require(controlHeadroomBytes >= 0, "controlHeadroomBytes", controlHeadroomBytes, ">= 0");
        require(ackFlushMillis >= 1 && ackFlushMillis <= 60_000, "ackFlushMillis", ackFlushMillis, "1..60000");
        require(maxMessages <= Long.MAX_VALUE - controlHeadroomMessages, "controlHeadroomMessages",
                controlHeadroomMessages, "small enough that maxMessages + headroom fits a long");
        require(maxBytes <= Long.MAX_VALUE - controlHeadroomBytes, "controlHeadroomBytes", controlHeadroomBytes,
                "small enough that maxBytes + headroom fits a long");
    }

    private static void require(boolean ok, String name, long value, String range) {
        if (!ok) {
            throw new IllegalArgumentException("store option " + name + " is " + value + ", must be " + range);
        }
    }

    /**
     * The defaults: 100 000 messages, 64 MiB, {@link FullPolicy#REJECT_NEW}, priorities 0 and 1 are control traffic
     * with 10 000 messages / 8 MiB of headroom (Kura exempts priorities 0 and 1 from its capacity check), acks
     * written within 200 ms.
     *
     * @return the default options
     */
    public static StoreOptions defaults() {
        return new StoreOptions(100_000, 64L << 20, FullPolicy.REJECT_NEW, 1, 10_000, 8L << 20, 200);
    }

    /** @param value the new {@link #maxMessages()} @return a copy with it */
    public StoreOptions withMaxMessages(long value) {
        return new StoreOptions(value, maxBytes, fullPolicy, controlPriorityMax, controlHeadroomMessages,
                controlHeadroomBytes, ackFlushMillis);
    }

    /** @param value the new {@link #maxBytes()} @return a copy with it */
    public StoreOptions withMaxBytes(long value) {
        return new StoreOptions(maxMessages, value, fullPolicy, controlPriorityMax, controlHeadroomMessages,
                controlHeadroomBytes, ackFlushMillis);
    }

    /** @param value the new {@link #fullPolicy()} @return a copy with it */
    public StoreOptions withFullPolicy(FullPolicy value) {
        return new StoreOptions(maxMessages, maxBytes, value, controlPriorityMax, controlHeadroomMessages,
                controlHeadroomBytes, ackFlushMillis);
    }

    /**
     * @param priorityMax the new {@link #controlPriorityMax()}
     * @param headroomMessages the new {@link #controlHeadroomMessages()}
     * @param headroomBytes the new {@link #controlHeadroomBytes()}
     * @return a copy with them
     */
    public StoreOptions withControlHeadroom(int priorityMax, long headroomMessages, long headroomBytes) {
        return new StoreOptions(maxMessages, maxBytes, fullPolicy, priorityMax, headroomMessages, headroomBytes,
                ackFlushMillis);
    }

    /** @param value the new {@link #ackFlushMillis()} @return a copy with it */
    public StoreOptions withAckFlushMillis(long value) {
        return new StoreOptions(maxMessages, maxBytes, fullPolicy, controlPriorityMax, controlHeadroomMessages,
                controlHeadroomBytes, value);
    }
}
