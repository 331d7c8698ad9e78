// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.itest;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polling with a deadline, for conditions reached on other threads. */
final class Waits {

    static final long TIMEOUT_MS = 60_000;

    private Waits() {
    }

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(5);
        }
    }
}
