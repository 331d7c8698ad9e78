// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.itest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

/** Configuration snippets shared by the data-path tests, and memory figures of this JVM. */
final class Fixtures {

    /**
     * The default gateway's vibration channel (weir-defaults.json), whose data the shipped model was trained on, with
     * optional drift settings appended.
     */
    static String vibrationChannel(String extraSettings) {
        return "{\"name\":\"vibration\",\"type\":\"DOUBLE\",\"mode\":\"READ\",\"settings\":{\"signal\":\"vibration\","
                + "\"amplitude\":2.0,\"frequencyHz\":3.7,\"harmonics\":3,\"noise\":0.1,\"spikeProbability\":0.02,"
                + "\"spikeMagnitude\":8.0,\"stuckStartMs\":20500,\"stuckDurationMs\":3000,\"stuckPeriodMs\":60700,"
                + "\"samplePeriodMs\":100" + extraSettings + "}}";
    }

    static final String WINDOW_STAGE = "{\"id\":\"features\",\"type\":\"window\",\"config\":{\"channels\":"
            + "[\"vibration\"],\"mode\":\"tumbling\",\"basis\":\"count\",\"size\":10,\"features\":[\"mean\",\"min\","
            + "\"max\",\"std\",\"rms\",\"p2p\"]}}";

    private Fixtures() {
    }

    static String inferenceStage(String extraConfig) {
        return "{\"id\":\"score\",\"type\":\"inference\",\"config\":{\"model\":\"" + ModelJars.NAME + "\""
                + extraConfig + "}}";
    }

    /** @return the process's resident set size, bytes (Linux) */
    static long rss() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** @return RSS minus the committed Java heap and non-heap: memory native code (ONNX Runtime) holds, bytes */
    static long nativeBytes() throws IOException {
        System.gc();
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        return rss() - m.getHeapMemoryUsage().getCommitted() - m.getNonHeapMemoryUsage().getCommitted();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
