// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequestTest {

    @Test
    void methodsMatchTheirTopicFormExactly() {
        assertThat(RequestMethod.fromTopicLevel("EXEC")).isEqualTo(RequestMethod.EXEC);
        assertThat(RequestMethod.fromTopicLevel("DEL")).isEqualTo(RequestMethod.DEL);
        assertThat(RequestMethod.fromTopicLevel("get")).isNull();
        assertThat(RequestMethod.fromTopicLevel("DELETE")).isNull();
        assertThat(RequestMethod.fromTopicLevel("SUBMIT")).isNull();
    }

    @Test
    void responseCodesMapToTheWire() {
        assertThat(ResponseCode.OK.code()).isEqualTo(200);
        assertThat(ResponseCode.fromCode(404)).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(ResponseCode.fromCode(500)).isEqualTo(ResponseCode.INTERNAL_ERROR);
        assertThat(ResponseCode.fromCode(201)).isNull();
    }

    @Test
    void requestCopiesResourcesAndNeedsIds() {
        List<String> resources = new ArrayList<>(List.of("packages"));
        Request r = new Request("DEPLOY-V2", RequestMethod.GET, resources, CloudPayload.EMPTY, "42", "fleet-1");
        resources.add("extra");
        assertThat(r.resources()).containsExactly("packages");
        assertThatThrownBy(() -> r.resources().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new Request("DEPLOY-V2", RequestMethod.GET, List.of(), CloudPayload.EMPTY, "",
                "fleet-1")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestId");
        assertThatThrownBy(() -> new Request("", RequestMethod.GET, List.of(), CloudPayload.EMPTY, "1", "f"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appId");
    }

    @Test
    void responseFactories() {
        assertThat(Response.ok().code()).isEqualTo(ResponseCode.OK);
        assertThat(Response.ok().payload()).isEqualTo(CloudPayload.EMPTY);
        Response notFound = Response.error(ResponseCode.NOT_FOUND, "no bundle io.weir.x");
        assertThat(notFound.exceptionMessage()).isEqualTo("no bundle io.weir.x");
        assertThat(notFound.exceptionStack()).isNull();
        assertThatThrownBy(() -> Response.error(ResponseCode.OK, "fine")).isInstanceOf(IllegalArgumentException.class);
    }
}
