// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.broker;

import io.weir.fleet.broker.WeirBroker;

/** The embedded Artemis broker (in memory, anonymous, a free port) as a {@link TestBroker}. */
final class ArtemisTestBroker implements TestBroker {

    private final WeirBroker broker = WeirBroker.builder().build();

    ArtemisTestBroker() {
        broker.start();
    }

    @Override
    public String name() {
        return "artemis";
    }

    @Override
    public String url() {
        return broker.url();
    }

    @Override
    public int port() {
        return broker.port();
    }

    @Override
    public boolean isRunning() {
        return broker.isStarted();
    }

    @Override
    public void start() {
        broker.start();
    }

    @Override
    public void stop() {
        broker.stop();
    }

    @Override
    public void kill() {
        broker.stop();
    }

    @Override
    public void close() {
        broker.stop();
    }

    @Override
    public String toString() {
        return "artemis on " + url();
    }
}
