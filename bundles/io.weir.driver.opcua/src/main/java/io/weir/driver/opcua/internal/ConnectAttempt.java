// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.api.config.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.api.config.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.api.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.jspecify.annotations.Nullable;

import io.weir.driver.DriverStatus;

/**
 * One connection attempt, asynchronous from start to end: load (or generate) the client certificate if the
 * policy needs one, ask the server for its endpoints, pick the one with the configured policy and mode, create
 * a Milo client on the driver's own threads and open the session. Bounded by a time limit; a session that
 * arrives after the caller gave up is closed.
 */
final class ConnectAttempt {

    private final DriverSettings settings;
    private final DriverThreads threads;
    private final ClientCertificates certificates;
    private final TrustDirectoryValidator validator;

    ConnectAttempt(DriverSettings settings, DriverThreads threads, ClientCertificates certificates,
            TrustDirectoryValidator validator) {
        this.settings = settings;
        this.threads = threads;
        this.certificates = certificates;
        this.validator = validator;
    }

    /**
     * @param limitMs the time limit of the whole attempt
     * @param onLost given to the new session
     * @param open the driver's set of unclosed sessions
     * @return completes with a connected session, or with the failure
     */
    CompletableFuture<Session> start(long limitMs, BiConsumer<Session, DriverStatus> onLost, Set<Session> open) {
        CompletableFuture<Session> result = new CompletableFuture<>();
        try {
            ScheduledFuture<?> guard = threads.scheduler.schedule(
                    () -> result.completeExceptionally(new TimeoutException()), limitMs, TimeUnit.MILLISECONDS);
            result.whenComplete((s, ex) -> guard.cancel(false));
            CompletableFuture.supplyAsync(this::identity, threads.worker)
                    .thenCompose(identity -> endpoints()
                            .thenApply(this::select)
                            .thenCompose(endpoint -> connect(endpoint, identity, onLost, open)))
                    .whenComplete((session, ex) -> {
                        if (ex != null) {
                            result.completeExceptionally(ex);
                        } else if (!result.complete(session)) {
                            session.close(); // too late: the caller gave up, or the driver disconnected
                        }
                    });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UaException(StatusCodes.Bad_Shutdown, "the driver is shut down"));
        }
        return result;
    }

    /**
     * @param status a failed attempt's status
     * @return the status, with the rejected server certificate's file named if the trust check failed
     */
    DriverStatus explain(DriverStatus status) {
        Path rejected = validator.lastRejected();
        if (rejected != null && status.message().contains("Bad_Security") && !status.message().contains("saved to")) {
            return DriverStatus.error(status.code(), status.message() + "; the server certificate was saved to "
                    + rejected + ": move it to " + validator.trustedDirectory() + " to trust it");
        }
        return status;
    }

    private ClientCertificates.@Nullable Identity identity() {
        if (!settings.secured()) {
            return null;
        }
        try {
            return certificates.load();
        } catch (Exception e) {
            throw new CompletionException(new UaException(StatusCodes.Bad_ConfigurationError,
                    "client certificate: " + e.getMessage()));
        }
    }

    private CompletableFuture<List<EndpointDescription>> endpoints() {
        return DiscoveryClient.getEndpoints(settings.endpointUrl(), b -> b
                .setExecutor(threads.worker)
                .setScheduledExecutor(threads.scheduler)
                .setEventLoop(threads.eventLoop)
                .setWheelTimer(threads.wheelTimer)
                .setConnectTimeout(uint(settings.connectTimeoutMs()))
                .setRequestTimeout(uint(settings.requestTimeoutMs())));
    }

    private EndpointDescription select(List<EndpointDescription> endpoints) {
        List<EndpointDescription> matching = endpoints.stream()
                .filter(e -> settings.securityPolicy().getUri().equals(e.getSecurityPolicyUri()))
                .filter(e -> e.getSecurityMode() == settings.securityMode())
                .filter(e -> Stack.TCP_UASC_UABINARY_TRANSPORT_URI.equals(e.getTransportProfileUri()))
                .collect(Collectors.toList());
        if (matching.isEmpty()) {
            throw new CompletionException(new UaException(StatusCodes.Bad_SecurityPolicyRejected,
                    "the server offers no endpoint with " + settings.securityPolicy().name() + "/"
                            + settings.securityMode() + "; it offers " + offered(endpoints)));
        }
        UserTokenType wanted = settings.username().isEmpty() ? UserTokenType.Anonymous : UserTokenType.UserName;
        EndpointDescription chosen = matching.stream().filter(e -> accepts(e, wanted)).findFirst()
                .orElseThrow(() -> new CompletionException(new UaException(StatusCodes.Bad_IdentityTokenRejected,
                        "the server's " + settings.securityPolicy().name() + "/" + settings.securityMode()
                                + " endpoint does not accept " + wanted + " logins")));
        URI uri = URI.create(settings.endpointUrl());
        // use the configured host and port: servers often advertise a host name the gateway cannot resolve
        return EndpointUtil.updateUrl(chosen, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 4840);
    }

    private static boolean accepts(EndpointDescription e, UserTokenType type) {
        UserTokenPolicy[] policies = e.getUserIdentityTokens();
        return policies != null && Arrays.stream(policies).anyMatch(p -> p.getTokenType() == type);
    }

    private static String offered(List<EndpointDescription> endpoints) {
        return endpoints.stream().map(e -> shortPolicy(e.getSecurityPolicyUri()) + "/" + e.getSecurityMode())
                .distinct().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String shortPolicy(String uri) {
        return uri == null ? "?" : uri.substring(uri.lastIndexOf('#') + 1);
    }

    private CompletableFuture<Session> connect(EndpointDescription endpoint, ClientCertificates.@Nullable Identity id,
            BiConsumer<Session, DriverStatus> onLost, Set<Session> open) {
        OpcUaClientConfigBuilder b = OpcUaClientConfig.builder()
                .setApplicationName(LocalizedText.english("Weir gateway (" + settings.name() + ")"))
                .setApplicationUri(id != null ? id.applicationUri() : settings.defaultApplicationUri())
                .setProductUri("urn:weir:opcua-driver")
                .setSessionName(() -> "weir " + settings.name())
                .setEndpoint(endpoint)
                .setCertificateValidator(validator)
                .setIdentityProvider(settings.username().isEmpty() ? new AnonymousProvider()
                        : new UsernameProvider(settings.username(), settings.password(), validator))
                .setConnectTimeout(uint(settings.connectTimeoutMs()))
                .setRequestTimeout(uint(settings.requestTimeoutMs()))
                .setExecutor(threads.worker)
                .setScheduledExecutor(threads.scheduler)
                .setEventLoop(threads.eventLoop)
                .setWheelTimer(threads.wheelTimer);
        if (id != null) {
            b.setKeyPair(id.keyPair()).setCertificate(id.certificate()).setCertificateChain(id.chain());
        }
        Session session;
        try {
            session = new Session(OpcUaClient.create(b.build()), onLost, open);
        } catch (UaException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Session> connected = new CompletableFuture<>();
        session.client.connect().whenComplete((c, ex) -> {
            if (ex == null) {
                connected.complete(session);
            } else {
                // stop Milo's own reconnect loop for this client; the driver decides when to try again
                session.close().whenComplete((v, e) -> connected.completeExceptionally(ex));
            }
        });
        return connected;
    }
}
