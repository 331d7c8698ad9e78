// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.kura.KuraPayloadCodec;
import io.weir.cloud.kura.KuraPayloadException;
import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.fleet.inference.internal.CounterSet;
import io.weir.fleet.inference.internal.Dispatcher;
import io.weir.fleet.inference.internal.ModelCatalog;
import io.weir.fleet.inference.internal.MqttLink;
import io.weir.fleet.inference.internal.OffloadProtocol;
import io.weir.fleet.inference.internal.RequestReader;
import io.weir.fleet.inference.internal.ResultSender;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud side of inference offloading (protocol OFFLOAD-V1, see this module's README): gateways publish
 * requests on {@code {account}/{clientId}/W1/OFFLOAD-V1/{requestId}}, this service runs the requested model bundle's
 * model on ONNX Runtime and sends each result to its gateway as a Kura request on {@code
 * $EDC/{account}/{clientId}/OFFLOAD-V1/PUT/result/{requestId}}.
 *
 * <pre>{@code
 * try (CloudInferenceService service = CloudInferenceService.start(
 *         Settings.builder("tcp://127.0.0.1:1883", Path.of("models")).account("weir").build())) {
 *     service.services();   // inference/vibration-anomaly ...
 *     service.counters();   // received, ok, errors, dropped ...
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Requests are read (Kura payload and metrics, no tensors) on Paho's callback thread; accepted
 * ones are computed by {@link Settings#workers()} threads {@code weir-cloud-inference-worker-N} behind a queue of
 * {@link Settings#queueCapacity()}. Every method is thread-safe.
 */
public final class CloudInferenceService implements AutoCloseable {

    /** How long {@link #close()} lets queued and running requests finish: 10 s. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(CloudInferenceService.class);
    private static final long MAX_CONNECT_PAUSE_MS = 30_000;

    private final Settings settings;
    private final ModelCatalog catalog;
    private final CounterSet counters = new CounterSet();
    private final RequestReader reader;
    private final Dispatcher dispatcher;
    private final MqttLink link;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CloudInferenceService(Settings settings, ModelCatalog catalog) {
        this.settings = settings;
        this.catalog = catalog;
        this.reader = new RequestReader(settings.account(), settings.maxBytes(), catalog.services(),
                System::currentTimeMillis);
        this.link = new MqttLink(settings, new MqttLink.Handler() {
            @Override
            public void request(String topic, byte[] payload) {
                onRequest(topic, payload);
            }

            @Override
            public void reply(String topic, byte[] payload) {
                onReply(payload);
            }
        });
        ResultSender sender = new ResultSender(settings.account(), settings.clientId(), link::publish, counters);
        this.dispatcher = new Dispatcher(catalog, sender, counters, settings.workers(), settings.queueCapacity(),
                settings.maxBytes(), System::currentTimeMillis);
    }

    /**
     * Loads every model bundle of the models directory, connects and subscribes; requests are served from then on.
     * Blocks for the model loads and the connection (at most 10 s for each MQTT step).
     *
     * @param settings what to serve and where
     * @return the running service; {@link #close()} stops it
     * @throws IllegalArgumentException if the models directory does not exist or the broker URL is not usable
     * @throws IllegalStateException if the broker cannot be reached or refuses the connection or a subscription
     * @throws java.io.UncheckedIOException if the models directory cannot be listed
     */
    public static CloudInferenceService start(Settings settings) {
        return start(settings, Duration.ZERO, message -> LOG.warn("{}", message));
    }

    /**
     * Like {@link #start(Settings)}, but keeps trying to connect for up to {@code waitForBroker} while the broker
     * cannot be reached (1 s after the first failure, then twice as long each time, at most 30 s apart); the models
     * are loaded once. A refusal for good (credentials, permissions, client id) ends the wait at once.
     *
     * @param settings what to serve and where
     * @param waitForBroker how long to keep trying; {@link Duration#ZERO} for one attempt, {@code null} for ever
     * @param progress told of every failed attempt and when the next comes (on the calling thread); not logged
     *     otherwise
     * @return the running service; {@link #close()} stops it
     * @throws IllegalArgumentException if the models directory does not exist or the broker URL is not usable
     * @throws IllegalStateException if the broker refuses the connection or a subscription, or cannot be reached
     *     within {@code waitForBroker}, or the calling thread is interrupted while waiting
     * @throws java.io.UncheckedIOException if the models directory cannot be listed
     */
    public static CloudInferenceService start(Settings settings, @Nullable Duration waitForBroker,
            Consumer<String> progress) {
        ModelCatalog catalog = ModelCatalog.scan(settings.modelsDirectory(), settings.intraOpThreads());
        CloudInferenceService service;
        try {
            service = new CloudInferenceService(settings, catalog);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        try {
            connect(service.link, waitForBroker, progress);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        if (catalog.served().isEmpty()) {
            LOG.warn("no model bundle in {}: every request will get ERROR unknown service",
                    settings.modelsDirectory());
        }
        LOG.info("serving {} for account {} as {}", catalog.services(), settings.account(), settings.clientId());
        return service;
    }

    private static void connect(MqttLink link, @Nullable Duration waitForBroker, Consumer<String> progress) {
        long start = System.nanoTime(); // nanoTime may be negative: compare elapsed times, never instants
        long pauseMs = 1_000;
        for (int attempt = 1;; attempt++) {
            try {
                link.connect();
                return;
            } catch (MqttLink.ConnectFailure e) {
                long left = waitForBroker == null ? Long.MAX_VALUE
                        : waitForBroker.toNanos() - (System.nanoTime() - start);
                if (e.permanent() || left <= 0) {
                    throw e;
                }
                long pause = Math.min(pauseMs, TimeUnit.NANOSECONDS.toMillis(left));
                String message = e.getMessage() + "; attempt " + attempt + ", trying again in "
                        + String.format(Locale.ROOT, "%.1f", pause / 1000.0) + " s";
                progress.accept(message);
                try {
                    Thread.sleep(Math.max(1, pause)); // waiting for the broker, bounded by waitForBroker
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                }
                pauseMs = Math.min(MAX_CONNECT_PAUSE_MS, pauseMs * 2);
            }
        }
    }

    private void onRequest(String topic, byte[] payload) {
        if (closed.get()) {
            return; // stopping: neither counted nor answered
        }
        counters.received();
        dispatcher.handle(reader.read(topic, payload));
    }

    private void onReply(byte[] payload) {
        int code;
        try {
            CloudPayload p = KuraPayloadCodec.decode(payload, Settings.ENVELOPE_BYTES);
            TypedValue c = p.metric(OffloadProtocol.RESPONSE_CODE);
            code = c != null && c.type() == DataType.INTEGER ? c.intValue() : -1;
        } catch (KuraPayloadException e) {
            code = -1;
        }
        counters.reply(code == 200);
    }

    /** @return the settings the service runs with */
    public Settings settings() {
        return settings;
    }

    /** @return the services offered, in model name order */
    public List<ServedModel> services() {
        return catalog.served();
    }

    /** @return the jars of the models directory that are not served, and why */
    public List<RefusedModel> refused() {
        return catalog.refused();
    }

    /** @return the counters now */
    public Counters counters() {
        return counters.snapshot(dispatcher::queued);
    }

    /** @return the filter requests are read from, {@code {account}/+/W1/OFFLOAD-V1/+} */
    public String requestFilter() {
        return OffloadProtocol.requestFilter(settings.account());
    }

    /** @return whether the MQTT connection is up right now (Paho reconnects by itself after a loss) */
    public boolean isConnected() {
        return link.isConnected();
    }

    /**
     * Stops: takes no more requests, lets queued and running ones finish and send their results (at most {@link
     * #DRAIN_TIMEOUT}), disconnects and closes the ONNX Runtime sessions. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean stopped = dispatcher.drain(DRAIN_TIMEOUT);
        link.close();
        if (stopped) {
            catalog.close();
        } else {
            LOG.warn("workers still running after {}: the ONNX Runtime sessions stay open until the JVM exits",
                    DRAIN_TIMEOUT);
        }
        LOG.info("stopped: {}", counters().line());
    }
}
