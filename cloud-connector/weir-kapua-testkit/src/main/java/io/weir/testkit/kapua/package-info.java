// SPDX-License-Identifier: Apache-2.0
/**
 * A stand-in for Eclipse Kapua's device-management call client (spec §3), written from the wire spec only:
 * {@link io.weir.testkit.kapua.KapuaManagerClient} sends requests to a gateway and waits for its {@link
 * io.weir.testkit.kapua.Reply}, and captures notifications.
 */
@NullMarked
package io.weir.testkit.kapua;

import org.jspecify.annotations.NullMarked;
