// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.PromiseFactory;

/** Bridges the connector's {@link CompletableFuture}s to the OSGi {@link Promise}s of the cloud API. */
final class Promises {

    /** Callbacks run on the factory's own daemon threads, never on the connector's sender or Paho's threads. */
    private static final PromiseFactory FACTORY = new PromiseFactory(null);

    private Promises() {
    }

    static <T> Promise<T> of(CompletableFuture<T> future) {
        Deferred<T> d = FACTORY.deferred();
        future.whenComplete((value, failure) -> {
            if (failure == null) {
                d.resolve(value);
            } else {
                d.fail(unwrap(failure));
            }
        });
        return d.getPromise();
    }

    static Throwable unwrap(Throwable t) {
        Throwable f = t;
        while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
            f = f.getCause();
        }
        return f;
    }
}
