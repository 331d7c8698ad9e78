// SPDX-License-Identifier: Apache-2.0
/**
 * The Kura payload codec: {@link io.weir.cloud.CloudPayload} to and from the protobuf wire form that Eclipse
 * Kura and Eclipse Kapua exchange (specification: {@code shared/docs/kapua-protocol.md} §1), with gzip
 * detection, and conversion between Weir {@link io.weir.data.Record records} and payloads.
 *
 * <ul>
 * <li>{@link io.weir.cloud.kura.KuraPayloadCodec}: encode, decode, decode-or-wrap, gzip detection.</li>
 * <li>{@link io.weir.cloud.kura.KuraRecords}: record ⇄ payload.</li>
 * <li>{@link io.weir.cloud.kura.KuraPayloadException}: bytes that are not a valid Kura payload.</li>
 * </ul>
 *
 * <p><b>Threads.</b> Everything here is stateless and safe to call from any thread at the same time. Nothing
 * blocks on I/O; decoding works on memory only and its cost grows with the (capped) payload size.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.cloud.kura;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
