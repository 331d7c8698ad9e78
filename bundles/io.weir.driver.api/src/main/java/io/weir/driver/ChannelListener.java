// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives channel values that a driver reports on its own, after {@link Driver#listen(java.util.List,
 * ChannelListener)}. Implemented by assets and by anyone else who listens, hence a consumer type.
 *
 * <p>Threading: the driver calls {@link #onChannelResult(ChannelResult)} from a thread of its own (for example
 * the protocol library's subscription thread), never concurrently for the same listener, and in the order it
 * observed the values. The call must return quickly and must not block: an asset hands the value to its own
 * thread. It must not call blocking {@link Driver} methods. An exception thrown by the listener is logged by
 * the driver and does not end the registration.
 */
@ConsumerType
@FunctionalInterface
public interface ChannelListener {

    /**
     * @param result a new value of a channel, or an error result if the subscription failed (for example the
     *        connection was lost; the driver re-subscribes after reconnecting); never {@code null}
     */
    void onChannelResult(ChannelResult result);
}
