// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;

class OffloadProtocolTest {

    private static CloudPayload payload(Map<String, TypedValue> metrics, byte[] body) {
        return new CloudPayload(CloudPayload.NO_TIMESTAMP, null, metrics, body);
    }

    @Test
    void readsOkAndErrorResults() throws Exception {
        OffloadProtocol.Result ok = OffloadProtocol.result(payload(Map.of("status", TypedValue.ofString("OK"),
                "compute.ms", TypedValue.ofDouble(12.5), "service", TypedValue.ofString("s")), new byte[] { 7 }), "s");
        assertThat(ok).isInstanceOf(OffloadProtocol.Ok.class);
        assertThat(((OffloadProtocol.Ok) ok).body()).containsExactly(7);
        assertThat(ok.computeMs()).isEqualTo(12.5);

        OffloadProtocol.Result err = OffloadProtocol.result(payload(Map.of("status", TypedValue.ofString("ERROR")),
                null), "s");
        assertThat(err).isEqualTo(new OffloadProtocol.Failed("(no error message)", Double.NaN));
    }

    @Test
    void statusIsCaseSensitive() {
        assertThatThrownBy(() -> OffloadProtocol.result(payload(Map.of("status", TypedValue.ofString("ok")), null),
                "s")).isInstanceOf(Refused.class).hasMessageContaining("was 'ok'")
                .extracting(e -> ((Refused) e).code()).isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void aRequestIdIsAValidTopicLevel() {
        assertThat(OffloadProtocol.request("0000abcd-1", "svc", 5, 4, new byte[0]).topic())
                .isEqualTo("W1/OFFLOAD-V1/0000abcd-1");
    }
}
