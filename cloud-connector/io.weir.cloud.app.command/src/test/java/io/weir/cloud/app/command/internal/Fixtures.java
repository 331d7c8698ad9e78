// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestMethod;
import io.weir.data.TypedValue;

/** Test helpers: settings, requests, a request context, ZIP archives. */
final class Fixtures {

    private Fixtures() {
    }

    /** Mutable settings for one test. */
    static final class SettingsBuilder {
        boolean enabled = true;
        List<String> allowlist = new ArrayList<>();
        int defaultTimeout = 30;
        int maxTimeout = 60;
        int outputMax = 65536;
        Path workingDirectory;
        boolean inherit;
        String password = "";
        int maxConcurrent = 2;
        ZipBody.Limits limits = new ZipBody.Limits(1 << 20, 1 << 20, 100);
        final Path data;

        SettingsBuilder(Path data) {
            this.data = data;
        }

        SettingsBuilder allow(String... entries) {
            allowlist.addAll(List.of(entries));
            return this;
        }

        Settings build() {
            return new Settings(enabled, Allowlist.of(allowlist), defaultTimeout, maxTimeout, outputMax,
                    workingDirectory, data.resolve("command/work"), data.resolve("command/staging"), inherit,
                    password, maxConcurrent, limits);
        }
    }

    /** A request context that records notifications. */
    static final class TestContext implements RequestContext {
        final List<String> notified = new ArrayList<>();

        @Override
        public String accountName() {
            return "weir";
        }

        @Override
        public String clientId() {
            return "gw-1";
        }

        @Override
        public synchronized Promise<Long> publishNotification(String resource, CloudPayload payload) {
            notified.add(resource);
            return Promises.resolved((long) notified.size());
        }
    }

    /** Builds the metrics of a CMD-V1 request. */
    static final class Cmd {
        final Map<String, TypedValue> metrics = new LinkedHashMap<>();
        byte[] body;

        static Cmd of(String command) {
            Cmd c = new Cmd();
            c.metrics.put("command.command", TypedValue.ofString(command));
            return c;
        }

        Cmd args(String... args) {
            for (int i = 0; i < args.length; i++) {
                metrics.put("command.argument" + i, TypedValue.ofString(args[i]));
            }
            return this;
        }

        Cmd env(String... pairs) {
            for (int i = 0; i < pairs.length; i++) {
                metrics.put("command.environment.pair" + i, TypedValue.ofString(pairs[i]));
            }
            return this;
        }

        Cmd dir(Path dir) {
            metrics.put("command.working.directory", TypedValue.ofString(dir.toString()));
            return this;
        }

        Cmd timeout(int seconds) {
            metrics.put("command.timeout", TypedValue.ofInteger(seconds));
            return this;
        }

        Cmd async() {
            metrics.put("command.run.async", TypedValue.ofBoolean(true));
            return this;
        }

        Cmd password(String p) {
            metrics.put("command.password", TypedValue.ofString(p));
            return this;
        }

        Cmd put(String name, TypedValue v) {
            metrics.put(name, v);
            return this;
        }

        Cmd body(byte[] zip) {
            this.body = zip;
            return this;
        }

        Request request() {
            return request(RequestMethod.EXEC, List.of("command"));
        }

        Request request(RequestMethod method, List<String> resources) {
            Map<String, TypedValue> m = new LinkedHashMap<>(metrics);
            m.put("request.id", TypedValue.ofString("42"));
            m.put("requester.client.id", TypedValue.ofString("fleet-1"));
            return new Request("CMD-V1", method, resources, new CloudPayload(0, null, m, body), "42", "fleet-1");
        }
    }

    /** @return a ZIP archive of the entries, in order; a name ending in / is a directory */
    static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Sets the Unix mode of one entry in the central directory, as Info-ZIP records it. */
    static byte[] withUnixMode(byte[] zip, String name, int mode) {
        byte[] z = zip.clone();
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p + 46 < z.length; p++) {
            if (u32(z, p) == 0x02014b50 && u16(z, p + 28) == n.length
                    && new String(z, p + 46, n.length, StandardCharsets.UTF_8).equals(name)) {
                z[p + 5] = 3; // version made by: Unix
                int attrs = mode << 16;
                z[p + 38] = (byte) attrs;
                z[p + 39] = (byte) (attrs >> 8);
                z[p + 40] = (byte) (attrs >> 16);
                z[p + 41] = (byte) (attrs >> 24);
                return z;
            }
        }
        throw new IllegalArgumentException("no central entry " + name);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int u32(byte[] b, int i) {
        return u16(b, i) | u16(b, i + 2) << 16;
    }

    /** @return whether the process exists and is not a zombie */
    static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false);
    }
}
