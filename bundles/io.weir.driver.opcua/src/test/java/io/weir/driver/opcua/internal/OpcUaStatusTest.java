// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.opcua.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;

import io.weir.driver.DriverStatus;

class OpcUaStatusTest {

    private static io.weir.driver.StatusCode code(long opcua) {
        return OpcUaStatus.of(new StatusCode(opcua), "read").code();
    }

    @Test
    void mapsStatusCodesToWeirCodesWithTheName() {
        assertThat(code(StatusCodes.Bad_Timeout)).isEqualTo(io.weir.driver.StatusCode.TIMEOUT);
        assertThat(code(StatusCodes.Bad_RequestTimeout)).isEqualTo(io.weir.driver.StatusCode.TIMEOUT);
        assertThat(code(StatusCodes.Bad_ConnectionClosed)).isEqualTo(io.weir.driver.StatusCode.COMMUNICATION_ERROR);
        assertThat(code(StatusCodes.Bad_SessionIdInvalid)).isEqualTo(io.weir.driver.StatusCode.COMMUNICATION_ERROR);
        assertThat(code(StatusCodes.Bad_CertificateUntrusted))
                .isEqualTo(io.weir.driver.StatusCode.COMMUNICATION_ERROR);
        assertThat(code(StatusCodes.Bad_NodeIdUnknown)).isEqualTo(io.weir.driver.StatusCode.DEVICE_ERROR);
        assertThat(code(StatusCodes.Bad_NotWritable)).isEqualTo(io.weir.driver.StatusCode.DEVICE_ERROR);
        assertThat(code(StatusCodes.Uncertain_InitialValue)).isEqualTo(io.weir.driver.StatusCode.DEVICE_ERROR);
        // the low 16 bits (info bits) do not change the meaning
        assertThat(code(StatusCodes.Bad_Timeout | 0x0400)).isEqualTo(io.weir.driver.StatusCode.TIMEOUT);

        DriverStatus s = OpcUaStatus.of(new StatusCode(StatusCodes.Bad_NodeIdUnknown), "read");
        assertThat(s.message()).isEqualTo("read: Bad_NodeIdUnknown");
        assertThat(OpcUaStatus.name(new StatusCode(0x80FF0000L))).isEqualTo("0x80FF0000");
    }

    @Test
    void mapsExceptionsFromFuturesAndKeepsUsefulDetail() {
        UaException ua = new UaException(StatusCodes.Bad_UserAccessDenied, "wrong credentials for operator");
        DriverStatus s = OpcUaStatus.of(new ExecutionException(new CompletionException(ua)), "connect");
        assertThat(s.code()).isEqualTo(io.weir.driver.StatusCode.COMMUNICATION_ERROR);
        assertThat(s.message()).isEqualTo("connect: Bad_UserAccessDenied (wrong credentials for operator)");

        assertThat(OpcUaStatus.of(new TimeoutException(), "read").code())
                .isEqualTo(io.weir.driver.StatusCode.TIMEOUT);
        assertThat(OpcUaStatus.of(new ConnectException("Connection refused"), "connect").message())
                .isEqualTo("connect: Connection refused");
        assertThat(OpcUaStatus.of(new RuntimeException(new UaException(StatusCodes.Bad_Shutdown)), "read").message())
                .contains("Bad_Shutdown");
    }

    @Test
    void knowsWhichFailuresEndTheSession() {
        assertThat(OpcUaStatus.sessionLost(new StatusCode(StatusCodes.Bad_SessionClosed))).isTrue();
        assertThat(OpcUaStatus.sessionLost(new StatusCode(StatusCodes.Bad_ConnectionClosed))).isTrue();
        assertThat(OpcUaStatus.sessionLost(new StatusCode(StatusCodes.Bad_Timeout))).isFalse();
        assertThat(OpcUaStatus.sessionLost(new StatusCode(StatusCodes.Bad_NodeIdUnknown))).isFalse();
        assertThat(OpcUaStatus.sessionLost(new CompletionException(new ClosedChannelException()))).isTrue();
        assertThat(OpcUaStatus.sessionLost(new ExecutionException(new UaException(StatusCodes.Bad_SessionIdInvalid))))
                .isTrue();
        assertThat(OpcUaStatus.sessionLost(new TimeoutException())).isFalse();
    }
}
