// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.broker;

/**
 * The brokers the cloud-link tests run against. Parameterise a test over both:
 *
 * <pre>{@code
 * @ParameterizedTest
 * @EnumSource(Brokers.class)
 * void birthIsPublished(Brokers kind) throws Exception {
 *     try (TestBroker broker = kind.start()) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public enum Brokers {
    /** The embedded Apache ActiveMQ Artemis broker of {@code weir-broker} (Kapua's broker), in this JVM. */
    ARTEMIS,
    /** Debian's mosquitto, as a child process (see {@link Mosquitto}). */
    MOSQUITTO;

    /**
     * Starts a new broker of this kind, in memory, anonymous, on a free loopback port.
     *
     * @return the running broker; close it when done
     * @throws IllegalStateException if it cannot start (for mosquitto: also when it is not installed)
     */
    public TestBroker start() {
        return switch (this) {
            case ARTEMIS -> new ArtemisTestBroker();
            case MOSQUITTO -> Mosquitto.launch();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
