// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.data.Record;
import io.weir.data.TypedValue;

/**
 * The content of a cloud message: a timestamp, an optional position, named typed metrics and an optional
 * opaque body. It carries exactly what the cloud protocol's payload carries, and the metric types are the
 * seven {@link io.weir.data.DataType data types}, so nothing changes type on the way. A DTO defined by Weir: a
 * provider type. Immutable: the metrics and the body are copied on the way in, the body again on the way out.
 *
 * @param timestamp milliseconds since the epoch, or {@link #NO_TIMESTAMP} if the payload has none (requests
 *        from the cloud usually have none)
 * @param position where the gateway was, or {@code null}
 * @param metrics the metrics in order; copied, unmodifiable
 * @param body opaque bytes, or {@code null} if the payload has no body
 */
@ProviderType
public record CloudPayload(long timestamp, @Nullable Position position, Map<String, TypedValue> metrics,
        byte @Nullable [] body) {

    /** The timestamp of a payload that carries none: {@value}. */
    public static final long NO_TIMESTAMP = 0L;

    /** A payload with no timestamp, position, metrics or body. */
    public static final CloudPayload EMPTY = new CloudPayload(NO_TIMESTAMP, null, Map.of(), null);

    /**
     * Copies the metrics, keeping their order, and the body; metric names must not be empty.
     *
     * @param timestamp see {@link #timestamp()}
     * @param position see {@link #position()}
     * @param metrics see {@link #metrics()}
     * @param body see {@link #body()}
     */
    public CloudPayload {
        LinkedHashMap<String, TypedValue> copy = new LinkedHashMap<>();
        Objects.requireNonNull(metrics, "metrics").forEach((k, v) -> {
            if (Objects.requireNonNull(k, "metric name").isEmpty()) {
                throw new IllegalArgumentException("metric name must not be empty");
            }
            copy.put(k, Objects.requireNonNull(v, () -> "metric " + k));
        });
        metrics = Collections.unmodifiableMap(copy);
        body = body == null ? null : body.clone();
    }

    /**
     * The payload of a record: the record's timestamp, and its values as metrics in the same order. The
     * record's source is not included; put it in the topic if the cloud needs it.
     *
     * @param record the record, not {@code null}
     * @return a payload without position or body
     */
    public static CloudPayload of(Record record) {
        return new CloudPayload(record.timestamp(), null, record.values(), null);
    }

    /** @return a copy of the body, or {@code null} if the payload has none */
    @Override
    public byte @Nullable [] body() {
        return body == null ? null : body.clone();
    }

    /**
     * @param name a metric name
     * @return the metric, or {@code null} if the payload has none of that name
     */
    public @Nullable TypedValue metric(String name) {
        return metrics.get(name);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof CloudPayload that && timestamp == that.timestamp
                && Objects.equals(position, that.position) && metrics.equals(that.metrics)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, position, metrics) * 31 + Arrays.hashCode(body);
    }

    /** @return a short form with the metrics; the body is shown as its length only */
    @Override
    public String toString() {
        return "CloudPayload[" + timestamp + (position == null ? "" : " " + position) + " " + metrics
                + (body == null ? "" : " body[" + body.length + "]") + "]";
    }
}
