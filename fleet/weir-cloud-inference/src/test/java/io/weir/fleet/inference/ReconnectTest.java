// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.weir.fleet.broker.WeirBroker;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;
import io.weir.testkit.mqtt.RecordedMessage;

import org.junit.jupiter.api.Test;

/**
 * A broker outage: the service reconnects by itself, subscribes again and serves the next requests; a broker that is
 * not there at start is waited for as long as asked.
 */
class ReconnectTest {

    @Test
    void servesAgainAfterTheBrokerRestarts() throws Exception {
        try (WeirBroker broker = WeirBroker.builder().build()) {
            broker.start();
            try (CloudInferenceService service = CloudInferenceService.start(Settings.builder(broker.url(),
                    ShippedModel.directory()).workers(1).intraOpThreads(1).build());
                    FakeGateway gw = new FakeGateway(broker.url(), "gw-r")) {
                assertThat(result(gw, "before").kura().getString("status")).isEqualTo("OK");

                broker.stop();
                long lost = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (service.isConnected()) { // Paho notices the closed socket on its own thread
                    assertThat(System.nanoTime()).as("the service never noticed the outage").isLessThan(lost);
                    Thread.sleep(10); // polling the client's state, with a deadline
                }
                broker.start(); // same port

                // both Paho clients reconnect and subscribe again on their own schedules: ask until answered
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                RecordedMessage after = null;
                for (int i = 0; after == null; i++) {
                    assertThat(System.nanoTime()).as("no result after the restart").isLessThan(deadline);
                    if (!gw.client.isConnected()) {
                        Thread.sleep(100); // waiting for the gateway's reconnection, with a deadline
                        continue;
                    }
                    String id = "after-" + i;
                    gw.send(id, FakeGateway.request(id, ShippedModel.SERVICE, FakeGateway.inSeconds(30), input()));
                    Thread.sleep(300); // give this request time to be answered before asking again
                    after = gw.inbox.messages(gw.resultTopic(id)).stream().findFirst().orElse(null);
                }
                assertThat(after.kura().getString("status")).isEqualTo("OK");
                assertThat(service.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aLimitedWaitForAnUnreachableBrokerEndsWithTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> progress = new CopyOnWriteArrayList<>();
        Settings settings = Settings.builder("tcp://127.0.0.1:" + port, ShippedModel.directory()).workers(1)
                .intraOpThreads(1).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> CloudInferenceService.start(settings, Duration.ofMillis(2_500), progress::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot connect to tcp://127.0.0.1:" + port + " as weir-cloud-inference: ");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // attempts at about 0, 1 and 2.5 s: the second pause (2 s) is cut to what is left of the 2.5 s (a last
        // attempt of 0 s may follow when the clock's rounding leaves a millisecond)
        assertThat(progress).hasSizeBetween(2, 3);
        assertThat(progress.get(0)).endsWith("; attempt 1, trying again in 1.0 s");
        assertThat(progress.get(1)).containsPattern("; attempt 2, trying again in [01]\\.[0-9] s$");
        assertThat(elapsedMs).as("it waited, then gave up").isGreaterThanOrEqualTo(2_500);
    }

    private static RecordedMessage result(FakeGateway gw, String id) throws Exception {
        gw.send(id, FakeGateway.request(id, ShippedModel.SERVICE, FakeGateway.inSeconds(30), input()));
        return gw.awaitResult(id);
    }

    private static byte[] input() {
        return TensorCodec.encode(Map.of("input", Tensor.ofFloats(new long[] {1, 6}, new float[6])));
    }
}
