// SPDX-License-Identifier: Apache-2.0
/**
 * A stand-in for Eclipse Kapua's device-management call client (spec §3), written from the wire spec only:
 * {@link io.weir.testkit.kapua.KapuaManagerClient} sends requests to a gateway and waits for its {@link
 * io.weir.testkit.kapua.Reply}, and collects the gateway's {@link io.weir.testkit.kapua.Notification}s per operation
 * id, read as Kapua reads them. Typed requests per management app are in {@code io.weir.testkit.kapua.app}.
 */
@NullMarked
package io.weir.testkit.kapua;

import org.jspecify.annotations.NullMarked;
