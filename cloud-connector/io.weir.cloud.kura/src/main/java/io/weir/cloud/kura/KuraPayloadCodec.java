// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.kura.internal.Gzip;
import io.weir.cloud.kura.internal.WireMapping;

/**
 * Encodes and decodes the Kura payload (protobuf proto2, optionally gzip-compressed), the body of every MQTT
 * message between a Kura gateway and Kapua (specification {@code shared/docs/kapua-protocol.md} §1).
 *
 * <p><b>Types.</b> Each metric keeps its type on the wire: DOUBLE ⇄ {@code DOUBLE}, FLOAT ⇄ {@code FLOAT},
 * LONG ⇄ {@code INT64}, INTEGER ⇄ {@code INT32}, BOOLEAN ⇄ {@code BOOL}, STRING ⇄ {@code STRING}, BYTES ⇄
 * {@code BYTES}; only the one value field that matches the type is written. Values keep their exact bits
 * (NaN payloads, -0.0). A string with an unpaired surrogate cannot be written as UTF-8: protobuf writes
 * {@code ?} for it, as Kura does.
 *
 * <p><b>Strict decoding.</b> Besides what protobuf rejects (truncated or malformed bytes, missing required
 * fields), {@link #decode(byte[], int)} rejects: an unknown metric type number; a field of the schema sent with
 * the wrong wire type (protobuf would silently drop it); a metric whose value field is missing or does not
 * match its declared type, or that carries a second value field (Kura would read a default value or fail
 * later with a ClassCastException; here the payload fails with the metric named); an empty metric name (a
 * {@link CloudPayload} cannot hold one); a metric name or string value that is not valid UTF-8 (protobuf would
 * silently replace the bad bytes). Field numbers the schema does not define, including the reserved extension
 * range 3 to 4999, are ignored as protobuf ignores them. Duplicate metric names: the last value wins, at the
 * position of the first (spec §1.2).
 *
 * <p><b>Threads.</b> Stateless: all methods are static and safe to call concurrently. Nothing blocks; the work
 * is in memory and proportional to the payload size, which the caller bounds.
 */
@ProviderType
public final class KuraPayloadCodec {

    /** Kura's default {@code maximum.payload.size}: {@value} bytes (16 MiB). */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private KuraPayloadCodec() {
    }

    /**
     * Serializes a payload. The timestamp is written unless it is {@link CloudPayload#NO_TIMESTAMP}; the
     * position (with all the optional fields it has) and the body only if present; the metrics in their order.
     *
     * @param payload the payload, not {@code null}
     * @param gzip {@code true} to compress with standard gzip; the compressed form is returned only if it is
     *        strictly shorter than the plain protobuf (as Kura does, spec §1.3), otherwise the plain form
     * @return the wire bytes, never {@code null}
     */
    public static byte[] encode(CloudPayload payload, boolean gzip) {
        byte[] plain = WireMapping.encode(Objects.requireNonNull(payload, "payload"));
        if (!gzip) {
            return plain;
        }
        byte[] compressed = Gzip.compress(plain);
        return compressed.length < plain.length ? compressed : plain;
    }

    /**
     * Parses a payload, gunzipping it first if it starts with the gzip magic. If the bytes start with the magic
     * but are not a valid gzip stream, the original bytes are parsed as plain protobuf (Kura's tolerance).
     *
     * @param bytes the wire bytes, not {@code null}
     * @param maxDecodedBytes the largest protobuf accepted, in bytes: the decompressed size of gzip input
     *        (decompression stops as soon as it is exceeded), otherwise the input length; usually {@link
     *        #DEFAULT_MAX_PAYLOAD_BYTES}
     * @return the payload, never {@code null}
     * @throws KuraPayloadException if the bytes are not a valid Kura payload or are too large; the message
     *         says what is wrong (and which metric). No other exception is thrown for any content of {@code
     *         bytes}.
     * @throws IllegalArgumentException if {@code maxDecodedBytes} is negative
     */
    public static CloudPayload decode(byte[] bytes, int maxDecodedBytes) throws KuraPayloadException {
        return decode(bytes, maxDecodedBytes, false);
    }

    private static CloudPayload decode(byte[] bytes, int maxDecodedBytes, boolean requireKnownField)
            throws KuraPayloadException {
        Objects.requireNonNull(bytes, "bytes");
        checkLimit(maxDecodedBytes);
        if (!Gzip.hasMagic(bytes)) {
            return decodePlain(bytes, maxDecodedBytes, requireKnownField);
        }
        Gzip.Result result = Gzip.decompress(bytes, maxDecodedBytes);
        if (result instanceof Gzip.Inflated inflated) {
            try {
                return WireMapping.decode(inflated.bytes(), requireKnownField);
            } catch (KuraPayloadException e) {
                throw new KuraPayloadException("gzip payload: " + e.getMessage(), e);
            }
        }
        if (result instanceof Gzip.TooLarge tooLarge) {
            throw new KuraPayloadException("gzip payload of " + bytes.length + " bytes decompresses to more than "
                    + tooLarge.limit() + " bytes, the limit (decompression bomb?)");
        }
        String reason = ((Gzip.Invalid) result).reason();
        try {
            return decodePlain(bytes, maxDecodedBytes, requireKnownField);
        } catch (KuraPayloadException e) {
            throw new KuraPayloadException("starts with the gzip magic but is not gzip (" + reason
                    + "), and as plain protobuf: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a payload received on a data topic: bytes that are not a valid Kura payload (for any reason
     * {@link #decode(byte[], int)} gives, including the size limit) become the body of an otherwise empty
     * payload, as Kura and Kapua do (spec §1.2). The body is then the original bytes, still compressed if
     * they were. One addition to Kura's rule, so that nothing is lost: bytes that are well-formed protobuf but
     * hold only field numbers a Kura payload does not have (a short text such as {@code "hi"} can be) are
     * wrapped too, where Kura would return an empty payload. Empty input is the empty payload.
     *
     * @param bytes the wire bytes, not {@code null}
     * @param maxDecodedBytes see {@link #decode(byte[], int)}
     * @return the decoded payload, or {@link CloudPayload#NO_TIMESTAMP}, no position, no metrics and the bytes
     *         as body; never {@code null}
     * @throws IllegalArgumentException if {@code maxDecodedBytes} is negative
     */
    public static CloudPayload decodeOrWrap(byte[] bytes, int maxDecodedBytes) {
        try {
            return decode(bytes, maxDecodedBytes, true);
        } catch (KuraPayloadException e) {
            return new CloudPayload(CloudPayload.NO_TIMESTAMP, null, Map.of(), bytes);
        }
    }

    /**
     * Tells whether bytes are treated as gzip: at least two bytes, starting with {@code 0x1F 0x8B} (the same
     * test as Kura and Kapua).
     *
     * @param bytes any bytes, not {@code null}
     * @return {@code true} if they start with the gzip magic
     */
    public static boolean isGzip(byte[] bytes) {
        return Gzip.hasMagic(Objects.requireNonNull(bytes, "bytes"));
    }

    private static CloudPayload decodePlain(byte[] bytes, int maxDecodedBytes, boolean requireKnownField)
            throws KuraPayloadException {
        if (bytes.length > maxDecodedBytes) {
            throw new KuraPayloadException("payload of " + bytes.length + " bytes exceeds the limit of "
                    + maxDecodedBytes + " bytes");
        }
        return WireMapping.decode(bytes, requireKnownField);
    }

    private static void checkLimit(int maxDecodedBytes) {
        if (maxDecodedBytes < 0) {
            throw new IllegalArgumentException("maxDecodedBytes must not be negative: " + maxDecodedBytes);
        }
    }
}
