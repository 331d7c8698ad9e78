// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudException;
import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.QoS;
import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageException;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/**
 * Stage type {@code cloud-publish}: the cloud publisher as a pipeline sink. Each record becomes one message on the
 * semantic topic {@code {account}/{clientId}/{topic}}, where {@code {source}} in the configured topic is replaced by
 * the record's source. The record's timestamp and values become the payload's timestamp and metrics, types unchanged.
 *
 * <p>Node configuration: {@code topic} (default {@code W1/{source}}), {@code qos} (0, 1 or 2; default 1),
 * {@code priority} (0 to 9; default 7), {@code maxOutstanding} (records handed to the publisher and not yet accepted;
 * the stage waits for room, which is the pipeline's backpressure; default 1000) and {@code passThrough} (also emit
 * every record, default {@code false}).
 *
 * <p>A record the publisher refuses (store full, payload too large, store failure) is counted, logged (throttled)
 * and reported in the cloud connector's health; records it accepted are never lost.
 */
@Component(service = StageFactory.class, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(CloudPublishStageFactory.TYPE)
public final class CloudPublishStageFactory implements StageFactory {

    static final String TYPE = "cloud-publish";
    private static final Logger LOG = LoggerFactory.getLogger(CloudPublishStageFactory.class);

    /** Node configuration. */
    @interface Config {
        String topic() default "W1/{source}";

        int qos() default 1;

        int priority() default CloudMessage.PRIORITY_DEFAULT;

        int maxOutstanding() default 1000;

        boolean passThrough() default false;
    }

    private final CloudPublisher publisher;

    @Activate
    public CloudPublishStageFactory(@Reference CloudPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Stage create(StageContext context) {
        Config c = context.config(Config.class);
        String topic = c.topic();
        // validate with a sample source
        new CloudMessage(topic.replace("{source}", "x"), CloudPayload.EMPTY, QoS.AT_MOST_ONCE, 0);
        QoS qos;
        try {
            qos = QoS.ofLevel(c.qos());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("qos: " + e.getMessage());
        }
        if (c.priority() < CloudMessage.PRIORITY_HIGHEST || c.priority() > CloudMessage.PRIORITY_LOWEST) {
            throw new IllegalArgumentException("priority must be 0 to 9, was " + c.priority());
        }
        if (c.maxOutstanding() < 1 || c.maxOutstanding() > 1_000_000) {
            throw new IllegalArgumentException("maxOutstanding must be 1 to 1000000, was " + c.maxOutstanding());
        }
        return new CloudPublishStage(publisher, context.pipelineName() + "/" + context.stageId(), topic, qos,
                c.priority(), c.maxOutstanding(), c.passThrough());
    }

    /** One node. */
    static final class CloudPublishStage implements Stage {
        private final CloudPublisher publisher;
        private final String name;
        private final String topic;
        private final boolean perSource;
        private final QoS qos;
        private final int priority;
        private final Semaphore outstanding;
        private final int maxOutstanding;
        private final boolean passThrough;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        CloudPublishStage(CloudPublisher publisher, String name, String topic, QoS qos, int priority,
                int maxOutstanding, boolean passThrough) {
            this.publisher = publisher;
            this.name = name;
            this.topic = topic;
            this.perSource = topic.contains("{source}");
            this.qos = qos;
            this.priority = priority;
            this.outstanding = new Semaphore(maxOutstanding);
            this.maxOutstanding = maxOutstanding;
            this.passThrough = passThrough;
        }

        @Override
        public void process(Record record, Emitter out) throws StageException {
            String t = perSource ? topic.replace("{source}", record.source()) : topic;
            CloudMessage message;
            try {
                message = new CloudMessage(t, CloudPayload.of(record), qos, priority);
            } catch (IllegalArgumentException e) {
                throw new StageException("cannot publish record of source '" + record.source() + "': "
                        + e.getMessage());
            }
            try {
                outstanding.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StageException("interrupted while waiting for the cloud publisher");
            }
            publisher.publish(message).onResolve(outstanding::release).onSuccess(id -> accepted.incrementAndGet())
                    .onFailure(f -> {
                        long n = refused.incrementAndGet();
                        if (n <= 10 || Long.bitCount(n) == 1) {
                            String code = f instanceof CloudException ce ? ce.code().name() : f.getClass().getName();
                            LOG.warn("{}: the cloud publisher refused a record for {} ({}: {}); {} refused so far",
                                    name, t, code, f.getMessage(), n);
                        }
                    });
            if (passThrough) {
                out.emit(record);
            }
        }

        @Override
        public void close() {
            try {
                // give the publisher a moment to accept what was handed over, so that close() reports truthfully
                if (outstanding.tryAcquire(maxOutstanding, 2, TimeUnit.SECONDS)) {
                    outstanding.release(maxOutstanding);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
