// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Position;
import io.weir.data.Record;
import io.weir.data.TypedValue;

/** Records ⇄ payloads ⇄ wire bytes keep the seven types, the timestamp, the position and the body. */
class KuraRecordsTest {

    private static final int MAX = KuraPayloadCodec.DEFAULT_MAX_PAYLOAD_BYTES;

    static Record allSevenTypes() {
        return Record.builder("pump-3").timestamp(1_700_000_000_456L)
                .put("pressure", TypedValue.ofDouble(Double.NaN))
                .put("temperature", TypedValue.ofFloat(-0.0f))
                .put("count", TypedValue.ofLong(Long.MIN_VALUE))
                .put("rpm", TypedValue.ofInteger(Integer.MAX_VALUE))
                .put("running", TypedValue.ofBoolean(true))
                .put("state", TypedValue.ofString("démarré ✓"))
                .put("raw", TypedValue.ofBytes(new byte[] { 0, (byte) 0xFF }))
                .build();
    }

    private static CloudPayload throughTheWire(CloudPayload payload, boolean gzip) throws Exception {
        return KuraPayloadCodec.decode(KuraPayloadCodec.encode(payload, gzip), MAX);
    }

    @Test
    void recordSurvivesTheWireWithAllSevenTypesInOrder() throws Exception {
        Record record = allSevenTypes();

        for (boolean gzip : new boolean[] { false, true }) {
            Record back = KuraRecords.toRecord(throughTheWire(KuraRecords.toPayload(record), gzip), "pump-3");

            assertThat(back).isEqualTo(record);
            assertThat(back.values().keySet()).containsExactly("pressure", "temperature", "count", "rpm",
                    "running", "state", "raw");
            back.values().forEach((name, value) -> assertThat(value.type()).isEqualTo(record.value(name).type()));
        }
    }

    @Test
    void toPayloadCarriesTimestampAndValuesOnly() {
        Record record = allSevenTypes();

        CloudPayload payload = KuraRecords.toPayload(record);

        assertThat(payload.timestamp()).isEqualTo(record.timestamp());
        assertThat(payload.metrics()).isEqualTo(record.values());
        assertThat(payload.position()).isNull();
        assertThat(payload.body()).isNull();
        assertThat(payload).isEqualTo(CloudPayload.of(record));
    }

    @Test
    void positionAndBodyAttachedToARecordSurviveTheWire() throws Exception {
        Position position = new Position(47.37, 8.54, 408.0, 1.2, 90.0, 0.5, 1_700_000_000_000L, 9, 4);
        byte[] body = { 1, 2, 3 };

        CloudPayload decoded = throughTheWire(KuraRecords.toPayload(allSevenTypes(), position, body), false);

        assertThat(decoded.position()).isEqualTo(position);
        assertThat(decoded.body()).containsExactly(body);
        assertThat(KuraRecords.toRecord(decoded, "pump-3")).isEqualTo(allSevenTypes());
    }

    @Test
    void payloadSurvivesARecordWhenPositionAndBodyAreCarriedAlongside() {
        CloudPayload payload = KuraWireFormatTest.expected();

        Record record = KuraRecords.toRecord(payload, "remote");

        assertThat(record.source()).isEqualTo("remote");
        assertThat(record.timestamp()).isEqualTo(payload.timestamp());
        assertThat(KuraRecords.toPayload(record, payload.position(), payload.body())).isEqualTo(payload);
        assertThat(KuraRecords.toPayload(record)).as("position and body are not part of a record")
                .isEqualTo(new CloudPayload(payload.timestamp(), null, payload.metrics(), null));
    }

    @Test
    void noTimestampBecomesZeroOrTheGivenFallback() {
        CloudPayload payload = new CloudPayload(CloudPayload.NO_TIMESTAMP, null,
                Map.of("a", TypedValue.ofInteger(1)), null);

        assertThat(KuraRecords.toRecord(payload, "s").timestamp()).isZero();
        assertThat(KuraRecords.toRecord(payload, "s", 1234L).timestamp()).isEqualTo(1234L);
        assertThat(KuraRecords.toRecord(new CloudPayload(99L, null, Map.of(), null), "s", 1234L).timestamp())
                .as("a payload timestamp wins over the fallback").isEqualTo(99L);
    }

    @Test
    void recordWithTimestampZeroHasNoTimestampOnTheWire() throws Exception {
        Record record = Record.builder("s").timestamp(0).put("x", 1L).build();

        byte[] bytes = KuraPayloadCodec.encode(KuraRecords.toPayload(record), false);

        assertThat(bytes).containsExactly(Wire.create()
                .messageField(5000, Wire.create().stringField(1, "x").varintField(2, 2).varintField(5, 1))
                .toBytes());
        assertThat(KuraRecords.toRecord(KuraPayloadCodec.decode(bytes, MAX), "s")).isEqualTo(record);
    }

    @Test
    void emptyRecordIsAnEmptyPayloadWithTimestamp() throws Exception {
        Record record = Record.builder("s").timestamp(5).build();

        CloudPayload decoded = throughTheWire(KuraRecords.toPayload(record), false);

        assertThat(decoded).isEqualTo(new CloudPayload(5, null, Map.of(), null));
        assertThat(KuraRecords.toRecord(decoded, "s")).isEqualTo(record);
    }
}
