// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.util.LinkedHashMap;
import java.util.Map;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.kura.KuraPayloadCodec;
import io.weir.data.TypedValue;

/**
 * The benchmark's message: a telemetry record of ten DOUBLE metrics and a timestamp, as a gateway's pipeline sink
 * would publish it. The timestamp doubles as the sequence number ({@code base + i}), so that the subscriber can
 * tell every message apart (duplicates, losses) without decoding the whole payload.
 */
final class Telemetry {

    private static final String[] NAMES = {"temperature", "humidity", "pressure", "vibration.x", "vibration.y",
        "vibration.z", "motor.current", "motor.voltage", "power", "rpm"};
    private static final double[] LEVELS = {21.5, 48.0, 1013.25, 0.02, 0.015, 0.98, 4.2, 230.0, 965.0, 1480.0};

    private Telemetry() {
    }

    /**
     * @param timestamp the payload's timestamp (base + sequence)
     * @param i the sequence number, which varies the values
     * @return the payload
     */
    static CloudPayload payload(long timestamp, int i) {
        Map<String, TypedValue> metrics = new LinkedHashMap<>(16);
        for (int k = 0; k < NAMES.length; k++) {
            double wobble = Math.sin(i * 0.013 + k) * 0.05 + ((i * 2_654_435_761L + k) % 1000) * 1e-6;
            metrics.put(NAMES[k], TypedValue.ofDouble(LEVELS[k] * (1.0 + wobble)));
        }
        return new CloudPayload(timestamp, null, metrics, null);
    }

    /**
     * @param payload a payload
     * @return its wire form, plain protobuf (no gzip), as both sides publish it
     */
    static byte[] encode(CloudPayload payload) {
        return KuraPayloadCodec.encode(payload, false);
    }

    /**
     * Reads the timestamp (proto2 field 1, varint), which protobuf writes first.
     *
     * @param wire a Kura payload without gzip
     * @return the timestamp, or -1 if the payload does not start with one
     */
    static long timestamp(byte[] wire) {
        if (wire.length < 2 || wire[0] != 0x08) {
            return -1;
        }
        long value = 0;
        for (int i = 1, shift = 0; i < wire.length && shift < 64; i++, shift += 7) {
            byte b = wire[i];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        return -1;
    }
}
