// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.QoS;
import io.weir.data.TypedValue;

/**
 * The child process of the crash test: a real {@link CloudService} (store, sender, Paho) publishing a numbered stream
 * at QoS 1, printing {@code ACCEPTED n} once message n is accepted (durable). The test kills it with SIGKILL mid-stream
 * and starts it again on the same store with {@code count = 0}, which only drains what is stored.
 *
 * <p>Arguments: broker URL, store file, client id, first number, count, messages per second.
 */
public final class CrashPublisher {

    private CrashPublisher() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path store = Path.of(args[1]);
        String clientId = args[2];
        long first = Long.parseLong(args[3]);
        long count = Long.parseLong(args[4]);
        double rate = Double.parseDouble(args[5]);
        CloudService service = new CloudService(OptionsFactory.from(Map.of("broker.url", url, "client.id", clientId,
                "account.name", "crash", "store.path", store.toString(), "reconnect.delay.min", 200L,
                "reconnect.delay.max", 2000L, "rate.limit.enabled", false), store.getParent(), "none", "0", "test"));
        System.out.println("STARTED stored=" + service.storeStats().messages());
        long periodNanos = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (long n = first; n < first + count; n++) {
            long number = n;
            CloudPayload p = new CloudPayload(System.currentTimeMillis(), null, Map.of("n", TypedValue.ofLong(n)),
                    null);
            service.publishFuture(new CloudMessage("CRASH/seq", p, QoS.AT_LEAST_ONCE, 7)).whenComplete((id, e) -> {
                if (e == null) {
                    System.out.println("ACCEPTED " + number);
                } else {
                    System.out.println("REFUSED " + number + " " + e);
                }
            });
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        System.out.println("PUBLISHED");
        while (true) {
            System.out.println("STORED " + service.storeStats().messages());
            Thread.sleep(200);
        }
    }
}
