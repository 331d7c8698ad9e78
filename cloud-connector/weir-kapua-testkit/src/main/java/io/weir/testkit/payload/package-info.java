// SPDX-License-Identifier: Apache-2.0
/**
 * The Kura payload on the wire (protobuf {@code kuradatatypes.KuraPayload}, Kapua protocol spec §1), read and
 * written by hand from the field numbers and wire types of the schema, independently of any generated code.
 *
 * <p>{@link io.weir.testkit.payload.RawKuraPayload#decode(byte[])} is strict: it refuses what a proto2 parser
 * refuses (truncation, bad wire types, missing required fields, unknown metric types) and also what the Kura and
 * Kapua decoders would misread (a metric whose value field does not match its declared type). The declared type
 * number of every metric is kept, so tests can assert the types the gateway sends.
 */
@NullMarked
package io.weir.testkit.payload;

import org.jspecify.annotations.NullMarked;
