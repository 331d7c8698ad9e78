// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.Map;

/**
 * Where a stage posts its drift events: EventAdmin's {@code postEvent} in the gateway, a list in tests. Called on the
 * stage's thread, never while holding a lock; must not block and must not throw.
 */
@FunctionalInterface
interface DriftEventSink {

    /**
     * @param topic {@link io.weir.pipeline.inference.DriftEvents#TOPIC_DRIFT} or
     *        {@link io.weir.pipeline.inference.DriftEvents#TOPIC_DRIFT_CLEARED}
     * @param properties the event properties (see {@link io.weir.pipeline.inference.DriftEvents}); owned by the sink
     */
    void post(String topic, Map<String, Object> properties);
}
