// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class GraphSpecTest {

    private static List<String> order(GraphSpec g) {
        return g.nodes.stream().map(n -> n.id).collect(Collectors.toList());
    }

    @Test
    void linearChainNeedsNoInputs() {
        GraphSpec g = GraphSpec.parse("p", new String[] {"{\"type\":\"scale\",\"config\":{\"gain\":2.5,\"n\":3}}",
            "{\"type\":\"ewma\"}", "{\"id\":\"sink\",\"type\":\"log\"}"});
        assertThat(order(g)).containsExactly("scale", "ewma", "sink");
        assertThat(g.nodes.get(0).inputs).containsExactly(GraphSpec.SOURCE);
        assertThat(g.nodes.get(1).inputs).containsExactly("scale");
        assertThat(g.nodes.get(2).inputs).containsExactly("ewma");
        assertThat(g.nodes.get(0).config).containsEntry("gain", 2.5).containsEntry("n", 3L);
    }

    @Test
    void fanOutAndFanInAreOrderedTopologically() {
        GraphSpec g = GraphSpec.parse("p", new String[] {
            "{\"id\":\"join\",\"type\":\"log\",\"inputs\":[\"a\",\"b\"]}",
            "{\"id\":\"a\",\"type\":\"scale\",\"inputs\":\"$source\"}",
            "{\"id\":\"b\",\"type\":\"ewma\",\"inputs\":[\"$source\"]}"});
        assertThat(order(g)).containsExactly("a", "b", "join");
    }

    @Test
    void cycleIsRejectedWithItsPath() {
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {
            "{\"id\":\"a\",\"type\":\"x\",\"inputs\":[\"$source\",\"c\"]}",
            "{\"id\":\"b\",\"type\":\"x\",\"inputs\":[\"a\"]}",
            "{\"id\":\"c\",\"type\":\"x\",\"inputs\":[\"b\"]}"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline p has a cycle")
                .hasMessageMatching(".*(a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c).*");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"{\"id\":\"a\",\"type\":\"x\",\"inputs\":[\"a\"]}"}))
                .hasMessageContaining("a -> a");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"{\"type\":\"x\",\"inputs\":[\"nope\"]}"}))
                .hasMessageContaining("stage 'x' reads from unknown stage 'nope'");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"{\"type\":\"x\"}", "{\"type\":\"x\"}"}))
                .hasMessageContaining("duplicate stage id 'x'");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"{\"id\":\"a\"}"}))
                .hasMessageContaining("stages[0] has no \"type\"");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"not json"}))
                .hasMessageContaining("stages[0] is not a JSON object");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[0])).hasMessageContaining("has no stages");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"{\"type\":\"x\",\"config\":[1]}"}))
                .hasMessageContaining("config must be a JSON object");
        assertThatThrownBy(() -> GraphSpec.parse("p", new String[] {"{\"type\":\"x\",\"id\":\"$source\"}"}))
                .hasMessageContaining("invalid id");
    }
}
