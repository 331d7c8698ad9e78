// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnWhitespaceWithoutExpanding() {
        assertThat(CommandLine.split("  ls   -l\t$HOME *.txt > out | wc ")).containsExactly("ls", "-l", "$HOME",
                "*.txt", ">", "out", "|", "wc");
        assertThat(CommandLine.split("   ")).isEmpty();
    }

    @Test
    void quotesGroupWords() {
        assertThat(CommandLine.split("sh -c 'echo \"a b\"; exit 3'")).containsExactly("sh", "-c",
                "echo \"a b\"; exit 3");
        assertThat(CommandLine.split("printf \"%s \\\"x\\\" \\\\ $y\" 'it''s'")).containsExactly("printf",
                "%s \"x\" \\ $y", "its");
        assertThat(CommandLine.split("a''b '' \"\"")).containsExactly("ab", "", "");
        assertThat(CommandLine.split("a\\ b c\\'d")).containsExactly("a b", "c'd");
    }

    @Test
    void refusesUnterminatedQuotes() {
        assertThatThrownBy(() -> CommandLine.split("echo 'abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
        assertThatThrownBy(() -> CommandLine.split("echo \"abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandLine.split("echo \\")).isInstanceOf(IllegalArgumentException.class);
    }
}
