// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Position;
import io.weir.data.Record;

/**
 * Conversion between Weir {@link Record records} and Kura payloads ({@link CloudPayload}, encoded by {@link
 * KuraPayloadCodec}). What maps:
 *
 * <table>
 * <caption>Record ⇄ payload</caption>
 * <tr><th>Record</th><th>Payload</th><th>Wire</th></tr>
 * <tr><td>{@code timestamp()}</td><td>{@code timestamp()}; a record timestamp of 0 is {@link
 * CloudPayload#NO_TIMESTAMP}</td><td>field 1, absent if 0</td></tr>
 * <tr><td>{@code values()}, in order</td><td>{@code metrics()}, same names, same order, same {@link
 * io.weir.data.TypedValue values} (so the same types)</td><td>field 5000, one metric each</td></tr>
 * <tr><td>{@code source()}</td><td>not carried; put it in the topic</td><td>–</td></tr>
 * <tr><td>–</td><td>{@code position()}: given to {@link #toPayload(Record, Position, byte[])}, dropped by
 * {@link #toRecord(CloudPayload, String)}</td><td>field 2</td></tr>
 * <tr><td>–</td><td>{@code body()}: likewise</td><td>field 5001</td></tr>
 * </table>
 *
 * <p>So {@code toRecord(toPayload(r), r.source())} equals {@code r} for every record {@code r}, and a payload
 * survives {@code toPayload(toRecord(p, s), p.position(), p.body())} unchanged. The seven value types map one to
 * one, so no conversion changes a type.
 *
 * <p><b>Threads.</b> Stateless: all methods are static and safe to call concurrently.
 */
@ProviderType
public final class KuraRecords {

    private KuraRecords() {
    }

    /**
     * @param record the record, not {@code null}
     * @return a payload with the record's timestamp and values, without position or body
     */
    public static CloudPayload toPayload(Record record) {
        return toPayload(record, null, null);
    }

    /**
     * @param record the record, not {@code null}
     * @param position the position to attach, or {@code null}
     * @param body the body to attach (copied), or {@code null}
     * @return a payload with the record's timestamp and values, and the given position and body
     */
    public static CloudPayload toPayload(Record record, @Nullable Position position, byte @Nullable [] body) {
        Objects.requireNonNull(record, "record");
        return new CloudPayload(record.timestamp(), position, record.values(), body);
    }

    /**
     * A record of a payload's timestamp and metrics. Its position and body are not part of a record and are
     * dropped. A payload without timestamp gives a record with timestamp 0.
     *
     * @param payload the payload, not {@code null}
     * @param source the record's source name, not {@code null}
     * @return a record with the payload's timestamp and the metrics as values, in order
     */
    public static Record toRecord(CloudPayload payload, String source) {
        return toRecord(payload, source, CloudPayload.NO_TIMESTAMP);
    }

    /**
     * Like {@link #toRecord(CloudPayload, String)}, with a timestamp for payloads that have none (for example
     * the time of receipt).
     *
     * @param payload the payload, not {@code null}
     * @param source the record's source name, not {@code null}
     * @param timestampIfNone the record's timestamp if the payload's is {@link CloudPayload#NO_TIMESTAMP}
     * @return a record with the timestamp and the metrics as values, in order
     */
    public static Record toRecord(CloudPayload payload, String source, long timestampIfNone) {
        Objects.requireNonNull(payload, "payload");
        long timestamp = payload.timestamp() == CloudPayload.NO_TIMESTAMP ? timestampIfNone : payload.timestamp();
        Record.Builder b = Record.builder(source).timestamp(timestamp);
        payload.metrics().forEach(b::put);
        return b.build();
    }
}
