// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.weir.fleet.broker.WeirBroker;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as it is shipped: {@code java -jar target/weir-cloud-inference.jar}, with nothing but what its
 * manifest lists from {@code target/lib}. Catches a dependency missing there, which the unit tests' class path (it
 * also holds test and provided dependencies) would hide.
 */
class PackagedJarIT {

    @TempDir
    Path dir;

    @Test
    void theRunnableJarServesARequestAndStopsOnSigterm() throws Exception {
        Path jar = Path.of(System.getProperty("weir.cloud.inference.jar"));
        assertThat(jar).isRegularFile();
        Path stdout = dir.resolve("stdout.txt");
        try (WeirBroker broker = WeirBroker.builder().build()) {
            broker.start();
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    jar.toString(), "--broker", broker.url(), "--models", ShippedModel.directory().toString(),
                    "--workers", "1", "--intra-op-threads", "1")
                    .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!read(stdout).contains("weir-cloud-inference ready") && p.isAlive()) {
                    assertThat(System.nanoTime()).as("no ready line; output: %s", read(stdout)).isLessThan(deadline);
                    Thread.sleep(50); // polling the child's output, with a deadline
                }
                assertThat(p.isAlive()).as("exited with %s; output: %s", p.isAlive() ? 0 : p.exitValue(),
                        read(stdout)).isTrue();
                try (FakeGateway gw = new FakeGateway(broker.url(), "gw-jar")) {
                    gw.send("r-1", FakeGateway.request("r-1", ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                            TensorCodec.encode(Map.of("input", Tensor.ofFloats(new long[] {2, 6}, new float[12])))));
                    assertThat(gw.awaitResult("r-1").kura().getString("status")).isEqualTo("OK");
                }
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(143);
                List<String> lines = Files.readAllLines(stdout);
                assertThat(lines.get(lines.size() - 1)).startsWith("weir-cloud-inference stopped: received=1 ok=1");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
