// SPDX-License-Identifier: Apache-2.0
/** Artemis configuration and adapters behind {@link io.weir.fleet.broker.WeirBroker}; not an API. */
@NullMarked
package io.weir.fleet.broker.internal;

import org.jspecify.annotations.NullMarked;
