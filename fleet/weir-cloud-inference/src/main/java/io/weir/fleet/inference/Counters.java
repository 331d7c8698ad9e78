// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link CloudInferenceService} has done since it started: a snapshot, immutable.
 *
 * <p>Every message received on the request topics is counted once in {@link #received()} and, once handled, in
 * exactly one of {@link #ok()}, {@link #errors()} and {@link #dropped()} (so {@code received - ok - errors -
 * dropped} requests are in the queue or being computed).
 *
 * @param received messages received on {@code {account}/+/W1/OFFLOAD-V1/+}
 * @param ok results sent with status OK
 * @param errors results sent with status ERROR, for any reason (including {@code busy} and {@code deadline passed})
 * @param busy of the errors: requests refused because the queue was full
 * @param expired of the errors: requests not computed because their deadline had passed
 * @param dropped requests not answered because no request id could be read (not a Kura payload, no STRING
 *     {@code request.id}, an empty request id in the topic, a payload too large to decode)
 * @param publishFailures results that could not be handed to the MQTT client (disconnected); these results are lost,
 *     and their requests are counted under ok or errors all the same
 * @param replies the gateways' replies to results with {@code response.code} 200
 * @param failedReplies the gateways' replies with another code, or that were not readable
 * @param queued requests waiting for a worker right now
 * @param lastDropReason why the last dropped request was dropped, or {@code null} if none was
 */
public record Counters(long received, long ok, long errors, long busy, long expired, long dropped,
        long publishFailures, long replies, long failedReplies, int queued, @Nullable String lastDropReason) {

    /**
     * @return one line for an operator, for example {@code received=12 ok=10 error=1 (busy=0, deadline passed=1)
     *     dropped=1 replies=10 failed-replies=0 publish-failures=0 queued=0}
     */
    public String line() {
        return "received=" + received + " ok=" + ok + " error=" + errors + " (busy=" + busy + ", deadline passed="
                + expired + ") dropped=" + dropped + " replies=" + replies + " failed-replies=" + failedReplies
                + " publish-failures=" + publishFailures + " queued=" + queued
                + (lastDropReason == null ? "" : " last-drop=\"" + lastDropReason + "\"");
    }
}
