// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import static io.weir.cloud.app.conf.internal.Fixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.cloud.ResponseCode;

class ChangePlannerTest {

    private static RequestedChange change(Map<String, RequestedChange.Value> props) {
        return new RequestedChange(Fixtures.PID, null, props);
    }

    @Test
    void withoutConfigurationStartsFromDefaultsAndMergesTheRequest() throws Exception {
        Map<String, Object> after = ChangePlanner.merge(Fixtures.target(null),
                change(Map.of("threshold", scalar("Integer", "42"))));
        assertThat(after).containsEntry("threshold", 42).containsEntry("mode", "fast");
        assertThat((String[]) after.get("tags")).containsExactly("a", "b");
        assertThat(after).doesNotContainKey("apiKey");
    }

    @Test
    void unmentionedPropertiesKeepTheirStoredValues() throws Exception {
        Map<String, Object> stored = Map.of("service.pid", Fixtures.PID, "mode", "slow", "threshold", 5,
                ".secret", "hidden", "extra", 7L);
        Map<String, Object> after = ChangePlanner.merge(Fixtures.target(stored),
                change(Map.of("threshold", scalar("INTEGER", "6"))));
        assertThat(after).containsEntry("mode", "slow").containsEntry("threshold", 6)
                .containsEntry(".secret", "hidden").containsEntry("extra", 7L).doesNotContainKey("service.pid");
    }

    @Test
    void oneInvalidAttributeAmongValidOnesIsRejectedNamingPidAndAttribute() {
        Map<String, RequestedChange.Value> props = new LinkedHashMap<>();
        props.put("threshold", scalar("Integer", "50"));
        props.put("mode", scalar("String", "bogus"));
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null), change(props)))
                .isInstanceOfSatisfying(RequestFailure.class, f -> assertThat(f.code())
                        .isEqualTo(ResponseCode.BAD_REQUEST))
                .hasMessageContaining("'test.pid'").hasMessageContaining("'mode'")
                .hasMessageContaining("not a valid option").hasMessageContaining("fast, slow");
    }

    @Test
    void rangeTypeCardinalityAndUnknownTypeAreChecked() {
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null),
                change(Map.of("threshold", scalar("Integer", "500"))))).hasMessageContaining("'threshold'")
                .hasMessageContaining("greater than maximum 100");
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null),
                change(Map.of("threshold", scalar("Integer", "ten"))))).hasMessageContaining("not a valid Integer");
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null), change(Map.of("threshold",
                new RequestedChange.Value("Integer", true, List.of("1", "2")))))).hasMessageContaining(
                        "exactly one value");
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null), change(Map.of("tags",
                new RequestedChange.Value("String", true, List.of("1", "2", "3", "4")))))).hasMessageContaining(
                        "at most 3 values");
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null),
                change(Map.of("other", scalar("Complex", "1"))))).hasMessageContaining("unknown type 'Complex'");
    }

    @Test
    void requiredAttributesCannotBeRemoved() {
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null),
                change(Map.of("mode", new RequestedChange.Value("String", false, null)))))
                .hasMessageContaining("'mode' is required");
    }

    @Test
    void privatePropertiesCannotBeSet() {
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null),
                change(Map.of(".password", scalar("Password", "x"))))).hasMessageContaining("private");
    }

    @Test
    void thePasswordPlaceholderKeepsTheCurrentValueAndBadPasswordsAreNotEchoed() throws Exception {
        Map<String, Object> after = ChangePlanner.merge(Fixtures.target(Map.of("apiKey", "s3cret")),
                change(Map.of("apiKey", scalar("Password", Property.PASSWORD_PLACEHOLDER))));
        assertThat(after).containsEntry("apiKey", "s3cret");
        Map<String, Object> changed = ChangePlanner.merge(Fixtures.target(Map.of("apiKey", "s3cret")),
                change(Map.of("apiKey", scalar("Password", "n3w"))));
        assertThat(changed).containsEntry("apiKey", "n3w");
        assertThatThrownBy(() -> ChangePlanner.merge(Fixtures.target(null), change(Map.of("apiKey",
                new RequestedChange.Value("Password", true, List.of("sec1", "sec2"))))))
                .hasMessageNotContaining("sec1");
    }

    @Test
    void typesFollowTheDefinitionAndArraysAreStoredAsArrays() throws Exception {
        Map<String, Object> after = ChangePlanner.merge(Fixtures.target(null), change(Map.of(
                "tags", new RequestedChange.Value("STRING", true, List.of("x,y", "z")),
                "ratio", scalar("Double", "0.5"), "flag", scalar("Boolean", "TRUE"), "c", scalar("Char", "q"))));
        assertThat((String[]) after.get("tags")).containsExactly("x,y", "z");
        assertThat(after).containsEntry("ratio", 0.5).containsEntry("flag", true).containsEntry("c", 'q');
    }

    @Test
    void samePropertiesComparesArraysByContent() {
        assertThat(ChangePlanner.sameProperties(Map.of("a", new String[] { "x" }, "service.pid", "p"),
                Map.of("a", List.of("x")))).isTrue();
        assertThat(ChangePlanner.sameProperties(Map.of("a", new int[] { 1 }), Map.of("a", new Integer[] { 2 })))
                .isFalse();
        assertThat(ChangePlanner.sameProperties(Map.of(), null)).isFalse();
    }
}
