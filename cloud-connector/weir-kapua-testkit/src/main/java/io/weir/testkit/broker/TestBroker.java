// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.broker;

/**
 * An MQTT broker a test controls: it can be stopped (an outage) and started again on the same port.
 * All methods are idempotent.
 */
public interface TestBroker extends AutoCloseable {

    /** @return a short name for test reports: {@code artemis} or {@code mosquitto} */
    String name();

    /** @return the MQTT URL, {@code tcp://127.0.0.1:PORT} */
    String url();

    /** @return the port, which stays the same across stop and start */
    int port();

    /** @return whether the broker is running */
    boolean isRunning();

    /** Starts the broker again after {@link #stop()} or {@link #kill()}, on the same port; waits until it accepts. */
    void start();

    /** Stops the broker cleanly (mosquitto: SIGTERM), closing every client connection. */
    void stop();

    /**
     * Stops the broker abruptly (mosquitto: SIGKILL). The embedded Artemis broker runs inside the test JVM and
     * cannot be killed: for it this is {@link #stop()}.
     */
    void kill();

    /** Stops and starts the broker. */
    default void restart() {
        stop();
        start();
    }

    /** Stops the broker for good and removes its files. */
    @Override
    void close();
}
