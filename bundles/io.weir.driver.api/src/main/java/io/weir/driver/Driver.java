// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connection to one field device through one protocol. Registered as a service by a factory-configured DS
 * component, one instance per device connection, with the {@link DriverProtocol} service property.
 *
 * <p>Implemented by third-party driver bundles, hence a consumer type: a new method here would break every
 * existing driver, so optional capabilities come as separate interfaces.
 *
 * <p><b>Connection.</b> Drivers connect lazily: {@link #read(List)}, {@link #write(List)} and the listening
 * machinery connect when needed, and reconnect after a failure on the next call (with a backoff of the
 * driver's choosing). {@link #connect()} and {@link #disconnect()} let an asset control this explicitly.
 * Component activation must not connect (no I/O in {@code @Activate}); deactivation must release the
 * connection, every listener registration and every thread the driver started.
 *
 * <p><b>Threads.</b> Every method may be called from any thread, concurrently: one driver instance can serve
 * several assets. Implementations serialise access to the device internally if the protocol needs it.
 * Methods documented as blocking wait at most for the driver's configured timeouts; none waits indefinitely.
 *
 * <p><b>Errors.</b> Device faults (unreachable, timeout, error answer) are reported as {@link DriverStatus}
 * values, never thrown. Unchecked exceptions signal programming errors only (for example a {@code null}
 * argument).
 */
@ConsumerType
public interface Driver {

    /**
     * Service property holding the driver instance's name, unique on the gateway: {@value}. Every driver
     * component is factory-configured and has this attribute in its configuration (typed config method
     * {@code weir_driver_name()}); DS publishes it as a service property, and assets select their driver by it.
     */
    String NAME_PROPERTY = "weir.driver.name";

    /**
     * Describes the settings every channel of this driver needs and the value types it can map channels to.
     * The console and the asset use it to build and validate channel configuration.
     *
     * <p>Does not block and does no I/O. The result does not change while the component is active.
     *
     * @return the channel descriptor, never {@code null}
     */
    ChannelDescriptor channelDescriptor();

    /**
     * Checks a channel configuration against this driver without talking to the device: required settings
     * present, values in range, value type and access mode supported for that kind of channel. Assets call it
     * when they are configured, so a configuration error is reported at once rather than on the first read.
     *
     * <p>Does not block and does no I/O.
     *
     * @param channel the channel to check, not {@code null}
     * @throws DriverException if the channel can never be read or written by this driver; the message names
     *         the channel and the offending setting
     */
    void validate(Channel channel) throws DriverException;

    /**
     * Opens the connection to the device if it is not open. Idempotent: returns {@link DriverStatus#OK} at
     * once when already connected.
     *
     * <p>Blocks for the connection attempt, at most the driver's configured connect timeout. Makes one
     * attempt; retrying is the caller's decision.
     *
     * @return {@link DriverStatus#OK}, or the reason the device could not be reached (for example {@link
     *         StatusCode#COMMUNICATION_ERROR} or {@link StatusCode#TIMEOUT}); never {@code null}
     */
    DriverStatus connect();

    /**
     * Closes the connection to the device if it is open. Listener registrations are kept and resumed by the
     * next connection. Idempotent; never throws for device faults.
     *
     * <p>May block briefly while the protocol closes the session, bounded by the driver's timeouts.
     */
    void disconnect();

    /**
     * Reads channels now. Connects first if needed. A driver may combine channels into fewer device requests
     * (for example adjacent Modbus registers); callers pass all the channels of one sample in one call.
     *
     * <p>Blocks until every channel has a result, at most the driver's configured timeouts.
     *
     * @param channels the channels to read, not {@code null}, may be empty
     * @return exactly one result per channel, in the order of {@code channels}; each either {@linkplain
     *         ChannelResult#isOk() ok} with a value of the channel's {@linkplain Channel#type() type}, or an
     *         error status. Never {@code null}.
     */
    List<ChannelResult> read(List<Channel> channels);

    /**
     * Writes values to channels now. Connects first if needed.
     *
     * <p>Blocks until every write has a result, at most the driver's configured timeouts.
     *
     * @param writes the channels and values to write, in order, not {@code null}, may be empty
     * @return exactly one result per write, in the order of {@code writes}; an ok result carries the value
     *         written. A channel whose {@linkplain Channel#mode() mode} does not allow writing gets {@link
     *         StatusCode#UNSUPPORTED}; a value that cannot be converted to the channel's type gets {@link
     *         StatusCode#TYPE_MISMATCH}. Never {@code null}.
     */
    List<ChannelResult> write(List<ChannelWrite> writes);

    /**
     * Asks to be told about changes of the given channels (for example OPC UA monitored items or unsolicited
     * device reports). The driver delivers a result to the listener for every new value, and an error result
     * when the subscription fails (for example when the connection is lost); it re-subscribes after a
     * reconnect.
     *
     * <p>Does not block on the device: the subscription is set up asynchronously, and device faults go to
     * the listener as error results.
     *
     * @param channels the channels to listen to, not {@code null}, not empty
     * @param listener receives the results; the same listener may be registered for several calls
     * @throws DriverException if this driver cannot listen at all, or cannot listen to one of these channels
     */
    void listen(List<Channel> channels, ChannelListener listener) throws DriverException;

    /**
     * Removes every registration of a listener. When this method returns, no new call to the listener
     * starts; a call already in progress may still finish. Idempotent; does nothing for an unknown listener.
     *
     * <p>Does not block on the device.
     *
     * @param listener the listener passed to {@link #listen(List, ChannelListener)}
     */
    void unlisten(ChannelListener listener);
}
