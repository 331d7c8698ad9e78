// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.weir.data.TypedValue;

class DriverStatusTest {

    @Test
    void errorNeedsAnErrorCode() {
        assertThatThrownBy(() -> DriverStatus.error(StatusCode.OK, "fine"))
                .isInstanceOf(IllegalArgumentException.class);
        DriverStatus timeout = DriverStatus.error(StatusCode.TIMEOUT, "no answer in 2000 ms");
        assertThat(timeout.isOk()).isFalse();
        assertThat(timeout.message()).isEqualTo("no answer in 2000 ms");
        assertThat(DriverStatus.OK.isOk()).isTrue();
        assertThat(DriverStatus.OK.message()).isEmpty();
    }

    @Test
    void onlyUnreachableAndTimeoutAreCommunicationFailures() {
        assertThat(StatusCode.values()).filteredOn(StatusCode::isCommunicationFailure)
                .containsExactlyInAnyOrder(StatusCode.COMMUNICATION_ERROR, StatusCode.TIMEOUT);
    }

    @Test
    void resultOkNeedsAValueAndErrorNeedsAnErrorStatus() {
        assertThatThrownBy(() -> new ChannelResult("t", null, DriverStatus.OK, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t");
        assertThatThrownBy(() -> ChannelResult.error("t", DriverStatus.OK, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelResult.ok("", TypedValue.ofInteger(1), 1L))
                .isInstanceOf(IllegalArgumentException.class);

        ChannelResult ok = ChannelResult.ok("t", TypedValue.ofDouble(21.5), 5L);
        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(TypedValue.ofDouble(21.5));
        ChannelResult failed = ChannelResult.error("t", DriverStatus.error(StatusCode.DEVICE_ERROR, "code 2"), 6L);
        assertThat(failed.isOk()).isFalse();
        assertThat(failed.value()).isNull();
    }

    @Test
    void modesTellWhatIsAllowed() {
        assertThat(ChannelMode.READ.canRead()).isTrue();
        assertThat(ChannelMode.READ.canWrite()).isFalse();
        assertThat(ChannelMode.WRITE.canRead()).isFalse();
        assertThat(ChannelMode.WRITE.canWrite()).isTrue();
        assertThat(ChannelMode.READ_WRITE.canRead()).isTrue();
        assertThat(ChannelMode.READ_WRITE.canWrite()).isTrue();
    }
}
