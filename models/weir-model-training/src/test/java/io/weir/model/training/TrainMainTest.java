// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainsAndWritesTheModel(@TempDir Path dir) {
        Path target = dir.resolve("model");

        int rc = run("--out", target.toString(), "--hours", "0.25", "--epochs", "2", "--seed", "3", "--name",
                "vib-test");

        assertThat(rc).as(err()).isEqualTo(TrainMain.OK);
        assertThat(target.resolve("vib-test.onnx")).isRegularFile();
        assertThat(target.resolve("metadata.properties")).isRegularFile();
        List<String> lines = out().lines().toList();
        assertThat(lines).contains("generating 0.25 h of training data (seed 3)", "exporting ONNX")
                .anyMatch(l -> l.startsWith("epoch 2/2: log loss "));
        assertThat(lines.get(lines.size() - 1)).matches("trained vib-test: 900 training windows, held-out precision "
                + "\\d\\.\\d\\d recall \\d\\.\\d\\d f1 \\d\\.\\d\\d \\(\\d+\\.\\d s\\) -> " + java.util.regex.Pattern
                        .quote(target.toString()));
        assertThat(err()).isEmpty();
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isEqualTo(TrainMain.OK);
        assertThat(out()).startsWith("usage: TrainMain --out DIR");
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path dir) throws Exception {
        String o = dir.toString();
        List<List<String>> cases = List.of(
                List.of(),
                List.of("--name", "x"),
                List.of("--out"),
                List.of("--out", o, "--hours", "many"),
                List.of("--out", o, "--hours", "0"),
                List.of("--out", o, "--epochs", "0"),
                List.of("--out", o, "--seed", "1.5"),
                List.of("--out", o, "--algorithm", "svm"),
                List.of("--out", o, "--name", "../up"),
                List.of("--out", o, "--colour", "red"),
                List.of("--out", o, "stray"));
        List<String> messages = List.of(
                "error: --out is required",
                "error: --out is required",
                "error: --out needs a value",
                "error: --hours must be a number, got 'many'",
                "error: --hours must be between 0.01 and 8784, got 0.0",
                "error: --epochs must be in 1..10000, got 0",
                "error: --seed must be a whole number, got '1.5'",
                "error: --algorithm must be fm or logistic, got 'svm'",
                "error: model name '../up' must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter "
                        + "or digit",
                "error: unknown option --colour",
                "error: unexpected argument 'stray'");
        for (int i = 0; i < cases.size(); i++) {
            out.reset();
            err.reset();
            assertThat(run(cases.get(i).toArray(String[]::new))).as("%s", cases.get(i)).isEqualTo(TrainMain.USAGE);
            assertThat(err()).as("%s", cases.get(i)).startsWith(messages.get(i) + System.lineSeparator())
                    .contains("usage: TrainMain");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void anOutputThatIsAFileIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThat(run("--out", file.toString())).isEqualTo(TrainMain.USAGE);
        assertThat(err()).startsWith("error: --out " + file + " exists and is not a directory");
        assertThat(out()).isEmpty();
    }

    @Test
    void aFailedWriteIsAFailure(@TempDir Path dir) throws Exception {
        Path parentIsAFile = Files.writeString(dir.resolve("a-file"), "x").resolve("model");

        assertThat(run("--out", parentIsAFile.toString(), "--hours", "0.05", "--epochs", "1"))
                .isEqualTo(TrainMain.FAILED);
        assertThat(err()).startsWith("error: cannot write " + parentIsAFile.resolve("vibration-anomaly.onnx") + ": ");
    }
}
