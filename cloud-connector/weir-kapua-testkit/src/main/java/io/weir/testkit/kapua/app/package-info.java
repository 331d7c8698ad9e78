// SPDX-License-Identifier: Apache-2.0
/**
 * Typed requests to a gateway's management apps, built as Kapua builds them (spec §4), and their replies parsed as
 * Kapua parses them: {@link io.weir.testkit.kapua.app.Device} is one gateway seen from the manager, with {@link
 * io.weir.testkit.kapua.app.DeployV2}, {@link io.weir.testkit.kapua.app.ConfV1}, {@link
 * io.weir.testkit.kapua.app.ConfV2}, {@link io.weir.testkit.kapua.app.CmdV1} and {@link
 * io.weir.testkit.kapua.app.InventoryV1}. Written from the wire spec only.
 */
@NullMarked
package io.weir.testkit.kapua.app;

import org.jspecify.annotations.NullMarked;
