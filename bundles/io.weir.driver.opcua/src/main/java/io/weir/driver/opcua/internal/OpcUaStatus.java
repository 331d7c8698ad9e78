// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

import io.weir.driver.DriverStatus;

/**
 * Maps OPC UA status codes and the exceptions of the Milo client to Weir {@link DriverStatus}es. Pure functions.
 *
 * <ul>
 * <li>codes that mean the server cannot be talked to (connection closed or refused, secure channel or session
 * gone, server shut down, security handshake rejected) → {@code COMMUNICATION_ERROR};</li>
 * <li>{@code Bad_Timeout}, {@code Bad_RequestTimeout} and local time limits → {@code TIMEOUT};</li>
 * <li>every other bad or uncertain code → {@code DEVICE_ERROR}.</li>
 * </ul>
 * The message always carries the OPC UA status name (e.g. {@code Bad_NodeIdUnknown}).
 */
final class OpcUaStatus {

    private static final Set<Long> COMMUNICATION = Set.of(
            StatusCodes.Bad_CommunicationError, StatusCodes.Bad_ConnectionClosed, StatusCodes.Bad_ConnectionRejected,
            StatusCodes.Bad_Disconnect, StatusCodes.Bad_NotConnected, StatusCodes.Bad_ServerNotConnected,
            StatusCodes.Bad_SecureChannelClosed, StatusCodes.Bad_SecureChannelIdInvalid,
            StatusCodes.Bad_SecureChannelTokenUnknown, StatusCodes.Bad_SessionClosed,
            StatusCodes.Bad_SessionIdInvalid, StatusCodes.Bad_SessionNotActivated, StatusCodes.Bad_ServerHalted,
            StatusCodes.Bad_Shutdown, StatusCodes.Bad_NoCommunication, StatusCodes.Bad_TcpServerTooBusy,
            StatusCodes.Bad_TcpInternalError, StatusCodes.Bad_TcpSecureChannelUnknown,
            StatusCodes.Bad_TcpEndpointUrlInvalid, StatusCodes.Bad_TcpNotEnoughResources,
            StatusCodes.Bad_TooManySessions, StatusCodes.Bad_SecurityChecksFailed,
            StatusCodes.Bad_CertificateUntrusted, StatusCodes.Bad_CertificateInvalid,
            StatusCodes.Bad_CertificateTimeInvalid, StatusCodes.Bad_CertificateUriInvalid,
            StatusCodes.Bad_CertificateUseNotAllowed, StatusCodes.Bad_CertificateRevoked,
            StatusCodes.Bad_CertificateRevocationUnknown, StatusCodes.Bad_CertificateIssuerRevocationUnknown,
            StatusCodes.Bad_CertificateHostNameInvalid, StatusCodes.Bad_SecurityPolicyRejected,
            StatusCodes.Bad_IdentityTokenInvalid, StatusCodes.Bad_IdentityTokenRejected,
            StatusCodes.Bad_UserAccessDenied, StatusCodes.Bad_ApplicationSignatureInvalid);

    private static final Set<Long> TIMEOUT = Set.of(StatusCodes.Bad_Timeout, StatusCodes.Bad_RequestTimeout);

    /**
     * Codes after which the session cannot be used any more: the driver drops it and reconnects. A subset of
     * the communication codes (a rejected certificate, for example, is only reported).
     */
    private static final Set<Long> SESSION_LOST = Set.of(
            StatusCodes.Bad_ConnectionClosed, StatusCodes.Bad_Disconnect, StatusCodes.Bad_NotConnected,
            StatusCodes.Bad_ServerNotConnected, StatusCodes.Bad_SecureChannelClosed,
            StatusCodes.Bad_SecureChannelIdInvalid, StatusCodes.Bad_SessionClosed, StatusCodes.Bad_SessionIdInvalid,
            StatusCodes.Bad_SessionNotActivated, StatusCodes.Bad_ServerHalted, StatusCodes.Bad_Shutdown,
            StatusCodes.Bad_NoCommunication);

    private OpcUaStatus() {
    }

    /**
     * @param code a status code that is not good
     * @param context what was being done, e.g. "read" (goes into the message)
     * @return the Weir status for it
     */
    static DriverStatus of(StatusCode code, String context) {
        long c = code.getValue() & 0xFFFF_0000L;
        io.weir.driver.StatusCode weir;
        if (TIMEOUT.contains(c)) {
            weir = io.weir.driver.StatusCode.TIMEOUT;
        } else if (COMMUNICATION.contains(c)) {
            weir = io.weir.driver.StatusCode.COMMUNICATION_ERROR;
        } else {
            weir = io.weir.driver.StatusCode.DEVICE_ERROR;
        }
        return DriverStatus.error(weir, context + ": " + name(code));
    }

    /**
     * @param failure an exception from a Milo future or from waiting for one
     * @param context what was being done
     * @return the Weir status for it; never OK
     */
    static DriverStatus of(Throwable failure, String context) {
        Throwable t = unwrap(failure);
        if (t instanceof UaException) {
            UaException ua = (UaException) t;
            DriverStatus s = of(ua.getStatusCode(), context);
            String detail = ua.getMessage();
            if (detail != null && !detail.isBlank() && !detail.equals(name(ua.getStatusCode()))
                    && !detail.startsWith("status=")) {
                return DriverStatus.error(s.code(), s.message() + " (" + detail + ")");
            }
            return s;
        }
        if (t instanceof TimeoutException) {
            return DriverStatus.error(io.weir.driver.StatusCode.TIMEOUT, context + ": no answer in time");
        }
        if (t instanceof CancellationException) {
            return DriverStatus.error(io.weir.driver.StatusCode.COMMUNICATION_ERROR, context + ": cancelled");
        }
        if (t instanceof ClosedChannelException) {
            return DriverStatus.error(io.weir.driver.StatusCode.COMMUNICATION_ERROR,
                    context + ": connection closed");
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof IOException) {
            return DriverStatus.error(io.weir.driver.StatusCode.COMMUNICATION_ERROR, context + ": " + message);
        }
        return DriverStatus.error(io.weir.driver.StatusCode.COMMUNICATION_ERROR,
                context + ": " + t.getClass().getSimpleName() + ": " + message);
    }

    /**
     * @param code a status code
     * @return whether the session that returned it is unusable and must be replaced
     */
    static boolean sessionLost(StatusCode code) {
        return SESSION_LOST.contains(code.getValue() & 0xFFFF_0000L);
    }

    /**
     * @param failure an exception from a Milo future
     * @return whether it says that the session is unusable
     */
    static boolean sessionLost(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof ClosedChannelException
                || t instanceof UaException && sessionLost(((UaException) t).getStatusCode());
    }

    /**
     * @param code a status code
     * @return its symbolic name, e.g. {@code Bad_NodeIdUnknown}, or the hexadecimal value if it is unknown
     */
    static String name(StatusCode code) {
        return StatusCodes.lookup(code.getValue()).map(a -> a[0])
                .orElseGet(() -> String.format(Locale.ROOT, "0x%08X", code.getValue()));
    }

    /**
     * @param t an exception
     * @return the first cause that is not a future's wrapper
     */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        if (!(current instanceof UaException)) {
            // Milo sometimes wraps a UaException into a plain RuntimeException; prefer the status if there is one
            for (Throwable c = current.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c instanceof UaException) {
                    return c;
                }
            }
        }
        return current;
    }
}
