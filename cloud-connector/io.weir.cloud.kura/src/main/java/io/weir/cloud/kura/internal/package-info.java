// SPDX-License-Identifier: Apache-2.0
/**
 * Implementation of the Kura payload codec: mapping between {@link io.weir.cloud.CloudPayload} and the
 * protobuf classes generated from {@code src/main/proto/kurapayload.proto} (package {@code
 * io.weir.cloud.kura.internal.proto}), with the checks protobuf itself does not make, and bounded gzip. Not
 * exported.
 */
@NullMarked
package io.weir.cloud.kura.internal;

import org.jspecify.annotations.NullMarked;
