// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

import io.weir.driver.Channel;
import io.weir.driver.ChannelResult;
import io.weir.driver.ChannelWrite;
import io.weir.driver.DriverException;
import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * The blocking driver operations: connect, read and write. Every read of one call goes to the server in one
 * Read service request, every write of one call in one Write request. Each call waits at most for the
 * connection attempt limit plus the request timeout; failures become per-channel results, never exceptions.
 */
final class Requests {

    /** Extra wait beyond Milo's own time limits, so that Milo reports its timeout before we give up. */
    private static final long SLACK_MS = 1000;

    private final DriverSettings settings;
    private final OpcUaConnection connection;

    Requests(DriverSettings settings, OpcUaConnection connection) {
        this.settings = settings;
        this.connection = connection;
    }

    /** A failure that applies to every channel of a request. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient DriverStatus status;

        Failed(DriverStatus status) {
            super(status.message(), null, false, false);
            this.status = status;
        }
    }

    DriverStatus connect() {
        try {
            session(true);
            return DriverStatus.OK;
        } catch (Failed e) {
            return e.status;
        }
    }

    List<ChannelResult> read(List<Channel> channels) {
        long now = System.currentTimeMillis();
        ChannelResult[] results = new ChannelResult[channels.size()];
        List<Integer> pending = new ArrayList<>();
        List<ChannelSettings> parsed = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Channel c = Objects.requireNonNull(channels.get(i), "channel");
            if (!c.mode().canRead()) {
                results[i] = error(c, StatusCode.UNSUPPORTED, "channel is write-only", now);
                continue;
            }
            try {
                parsed.add(ChannelSettings.parse(c));
                pending.add(i);
            } catch (DriverException e) {
                results[i] = error(c, StatusCode.INVALID_CHANNEL, e.getMessage(), now);
            }
        }
        if (pending.isEmpty()) {
            return done(results);
        }
        Session session;
        try {
            session = session(false);
        } catch (Failed e) {
            pending.forEach(i -> results[i] = ChannelResult.error(channels.get(i).name(), e.status, now));
            return done(results);
        }
        NamespaceTable namespaces = session.client.getNamespaceTable();
        List<ReadValueId> ids = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            ChannelSettings s = parsed.get(k);
            Optional<NodeId> node = s.resolve(namespaces);
            if (node.isEmpty()) {
                results[i] = unknownNamespace(channels.get(i), s, now);
                continue;
            }
            ids.add(new ReadValueId(node.get(), s.attribute().uid(), null, QualifiedName.NULL_VALUE));
            sent.add(i);
        }
        if (!ids.isEmpty()) {
            try {
                ReadResponse response = await(session, session.client.read(0.0, TimestampsToReturn.Both, ids),
                        "read");
                DataValue[] values = response.getResults();
                long answered = System.currentTimeMillis();
                for (int k = 0; k < sent.size(); k++) {
                    Channel c = channels.get(sent.get(k));
                    results[sent.get(k)] = values != null && k < values.length
                            ? ValueMapper.toResult(c, values[k], answered)
                            : error(c, StatusCode.DEVICE_ERROR, "read: the server returned too few results", answered);
                }
            } catch (Failed e) {
                sent.forEach(i -> results[i] = ChannelResult.error(channels.get(i).name(), e.status, now));
            }
        }
        return done(results);
    }

    List<ChannelResult> write(List<ChannelWrite> writes) {
        long now = System.currentTimeMillis();
        ChannelResult[] results = new ChannelResult[writes.size()];
        List<Integer> pending = new ArrayList<>();
        List<ChannelSettings> parsed = new ArrayList<>();
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            ChannelWrite w = Objects.requireNonNull(writes.get(i), "write");
            Channel c = w.channel();
            if (!c.mode().canWrite()) {
                results[i] = error(c, StatusCode.UNSUPPORTED, "channel is read-only", now);
                continue;
            }
            try {
                ChannelSettings s = ChannelSettings.parse(c);
                variants.add(ValueMapper.toVariant(w.value(), s.opcuaType()));
                parsed.add(s);
                pending.add(i);
            } catch (DriverException e) {
                results[i] = error(c, StatusCode.INVALID_CHANNEL, e.getMessage(), now);
            } catch (ValueMapper.TypeMismatch e) {
                results[i] = error(c, StatusCode.TYPE_MISMATCH, e.getMessage(), now);
            }
        }
        if (pending.isEmpty()) {
            return done(results);
        }
        Session session;
        try {
            session = session(false);
        } catch (Failed e) {
            pending.forEach(i -> results[i] = ChannelResult.error(writes.get(i).channel().name(), e.status, now));
            return done(results);
        }
        NamespaceTable namespaces = session.client.getNamespaceTable();
        List<WriteValue> values = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (int k = 0; k < pending.size(); k++) {
            int i = pending.get(k);
            Optional<NodeId> node = parsed.get(k).resolve(namespaces);
            if (node.isEmpty()) {
                results[i] = unknownNamespace(writes.get(i).channel(), parsed.get(k), now);
                continue;
            }
            // value only: many servers refuse writes that carry timestamps (Bad_WriteNotSupported)
            values.add(new WriteValue(node.get(), AttributeId.Value.uid(), null, DataValue.valueOnly(variants.get(k))));
            sent.add(i);
        }
        if (!values.isEmpty()) {
            try {
                WriteResponse response = await(session, session.client.write(values), "write");
                org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode[] codes = response.getResults();
                long answered = System.currentTimeMillis();
                for (int k = 0; k < sent.size(); k++) {
                    ChannelWrite w = writes.get(sent.get(k));
                    if (codes == null || k >= codes.length) {
                        results[sent.get(k)] = error(w.channel(), StatusCode.DEVICE_ERROR,
                                "write: the server returned too few results", answered);
                    } else if (codes[k].isGood()) {
                        results[sent.get(k)] = ChannelResult.ok(w.channel().name(), w.value(), answered);
                    } else {
                        results[sent.get(k)] = ChannelResult.error(w.channel().name(),
                                OpcUaStatus.of(codes[k], "write"), answered);
                    }
                }
            } catch (Failed e) {
                sent.forEach(i -> results[i] = ChannelResult.error(writes.get(i).channel().name(), e.status, now));
            }
        }
        return done(results);
    }

    private Session session(boolean explicit) throws Failed {
        try {
            return connection.acquire(explicit).get(connection.attemptLimitMs() + SLACK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(DriverStatus.error(StatusCode.COMMUNICATION_ERROR, "interrupted while connecting"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OpcUaConnection.NotAttempted) {
                throw new Failed(((OpcUaConnection.NotAttempted) e.getCause()).status);
            }
            throw new Failed(OpcUaStatus.of(e, "cannot connect to " + settings.endpointUrl()));
        } catch (TimeoutException e) {
            throw new Failed(OpcUaStatus.of(e, "cannot connect to " + settings.endpointUrl()));
        }
    }

    private <T> T await(Session session, CompletableFuture<T> request, String what) throws Failed {
        try {
            return request.get(settings.requestTimeoutMs() + SLACK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(DriverStatus.error(StatusCode.COMMUNICATION_ERROR, what + ": interrupted"));
        } catch (ExecutionException | TimeoutException e) {
            DriverStatus status = OpcUaStatus.of(e, what);
            if (OpcUaStatus.sessionLost(e)) {
                session.lost(status);
            }
            throw new Failed(status);
        }
    }

    private static List<ChannelResult> done(ChannelResult[] results) {
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    private static ChannelResult unknownNamespace(Channel c, ChannelSettings s, long now) {
        return ChannelResult.error(c.name(), OpcUaStatus.of(new UaException(StatusCodes.Bad_NodeIdUnknown,
                "namespace of " + s.nodeId().toParseableString() + " is unknown to the server"), "resolve"), now);
    }

    private static ChannelResult error(Channel c, StatusCode code, String message, long now) {
        return ChannelResult.error(c.name(), DriverStatus.error(code, message), now);
    }
}
