// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The target's counters since activation, as shown in {@code /health}. Thread-safe. */
final class OffloadCounters {

    /** requests handed to the connector (a later publish failure is counted in publishFailures too) */
    final AtomicLong sent = new AtomicLong();
    /** results with status OK */
    final AtomicLong ok = new AtomicLong();
    /** results with status ERROR */
    final AtomicLong errors = new AtomicLong();
    /** requests without a result in time */
    final AtomicLong timeouts = new AtomicLong();
    /** requests failed because the connection went down while they waited */
    final AtomicLong lost = new AtomicLong();
    /** requests the connector did not accept */
    final AtomicLong publishFailures = new AtomicLong();
    /** tasks refused before sending (disabled, disconnected, too large, too many in flight, stopped) */
    final AtomicLong refused = new AtomicLong();
    /** results answered 400 */
    final AtomicLong malformed = new AtomicLong();
    /** results for a request that had already ended (answered 404) */
    final AtomicLong lateAnswers = new AtomicLong();
    /** results for an id this target does not know (answered 404) */
    final AtomicLong unknownAnswers = new AtomicLong();

    /** @return name → value, in a stable order */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sent", sent.get());
        m.put("ok", ok.get());
        m.put("errors", errors.get());
        m.put("timeouts", timeouts.get());
        m.put("lost", lost.get());
        m.put("publishFailures", publishFailures.get());
        m.put("refused", refused.get());
        m.put("malformed", malformed.get());
        m.put("lateAnswers", lateAnswers.get());
        m.put("unknownAnswers", unknownAnswers.get());
        return m;
    }
}
