// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;

/**
 * The CMD-V1 app (wire spec §4.4): {@code EXEC/command} runs one allowlisted executable, without a shell, and
 * answers with its output and exit status. Always registered, so the app id is listed; while {@code enabled} is
 * false every request is answered 500, as Kura does.
 *
 * <p>What runs: the first word of {@code command.command} ({@link CommandLine}, no shell) must pass the {@link
 * Allowlist}; the resolved absolute path runs with the remaining words and the {@code command.argument} values as
 * arguments, in the requested or a fresh working directory, with a minimal (or the inherited) environment plus the
 * request's pairs. No process of a run outlives it ({@link CommandRunner}).
 *
 * <p>Threads: {@link #handle} runs on the connector's request thread. It only checks the request, then hands the
 * command to the {@link CommandRunner}'s own threads and waits: until the child started for {@code
 * command.run.async}, until it ended otherwise. A synchronous command thus holds one of the connector's (two)
 * request threads for at most its timeout plus {@link CommandRunner#worstCase(int) the kill and drain grace
 * periods}, never longer, whatever the child does.
 */
@Component(configurationPid = CommandApp.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = RequestHandler.class)
@Designate(ocd = CommandConfig.class)
@RequestHandlerApp(CommandApp.APP_ID)
public final class CommandApp implements RequestHandler {

    /** The configuration PID. */
    public static final String PID = "io.weir.cloud.app.command";

    static final String APP_ID = "CMD-V1";
    static final String RESOURCE = "command";
    static final String STDOUT = "command.stdout";
    static final String STDERR = "command.stderr";
    static final String EXIT_CODE = "command.exit.code";
    static final String TIMED_OUT = "command.timedout";

    /** PATH of the minimal child environment. */
    static final String SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Longest wait for a command to be prepared (ZIP body unpacked) and started. */
    static final long START_WAIT_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(CommandApp.class);

    private final Settings settings;
    private final Map<String, String> baseEnvironment;
    private final CommandRunner runner;

    /**
     * @param context for the {@code weir.data} framework property (default {@code weir-data})
     * @param config the configuration
     * @throws IllegalArgumentException naming the attribute if the configuration is invalid
     */
    @Activate
    public CommandApp(BundleContext context, CommandConfig config) {
        this(Settings.from(config, Path.of(dataDir(context))));
    }

    CommandApp(Settings settings) {
        this.settings = settings;
        this.baseEnvironment = baseEnvironment(settings.inheritEnvironment());
        this.runner = new CommandRunner(settings, settings.allowlist().paths());
        if (settings.enabled() && settings.allowlist().isEmpty()) {
            LOG.warn("CMD-V1 is enabled but its allowlist is empty: every command will be refused");
        }
        LOG.info("CMD-V1 {}: {}", settings.enabled() ? "enabled" : "disabled", settings);
    }

    private static String dataDir(BundleContext context) {
        String d = context.getProperty("weir.data");
        return d == null || d.isBlank() ? "weir-data" : d;
    }

    private static Map<String, String> baseEnvironment(boolean inherit) {
        if (inherit) {
            return Map.copyOf(System.getenv());
        }
        Map<String, String> env = new HashMap<>();
        env.put("PATH", SAFE_PATH);
        String home = System.getenv("HOME");
        env.put("HOME", home != null ? home : System.getProperty("user.home"));
        String lang = System.getenv("LANG");
        env.put("LANG", lang != null ? lang : "C.UTF-8");
        return Map.copyOf(env);
    }

    /** Kills every running command and stops the threads (bounded wait). */
    @Deactivate
    void deactivate() {
        runner.close();
    }

    @Override
    public Response handle(Request request, RequestContext context) {
        try {
            return execute(request);
        } catch (Refused e) {
            LOG.warn("CMD-V1 request {} from {} refused: {}", request.requestId(), request.requesterClientId(),
                    e.getMessage());
            return Response.error(e.code(), e.getMessage());
        }
    }

    private Response execute(Request request) throws Refused {
        if (request.method() != RequestMethod.EXEC) {
            throw Refused.badRequest("CMD-V1 offers only EXEC/command, not " + request.method());
        }
        List<String> res = request.resources();
        if (!res.isEmpty() && !res.get(0).equals(RESOURCE)) {
            throw new Refused(ResponseCode.NOT_FOUND, "CMD-V1 has no resource '" + res.get(0) + "'");
        }
        if (res.size() != 1) {
            throw Refused.badRequest("CMD-V1 expects exactly EXEC/command, got " + res.size() + " resources");
        }
        if (!settings.enabled()) {
            throw Refused.internal("command execution is disabled on this gateway (" + PID + " enabled=false)");
        }
        checkPassword(request.payload());
        CommandRequest cmd = CommandRequest.parse(request.payload());

        Path wd = cmd.workingDirectory();
        if (wd != null && !Files.isDirectory(wd)) {
            throw Refused.badRequest(CommandRequest.WORKING_DIRECTORY + " does not exist or is not a directory: "
                    + wd);
        }
        if (wd == null && settings.workingDirectory() != null) {
            wd = settings.workingDirectory();
            try {
                Files.createDirectories(wd);
            } catch (java.io.IOException e) {
                throw Refused.internal("cannot create the working directory " + wd + ": " + e.getMessage());
            }
        }
        String exe = cmd.words().get(0);
        if (wd == null && exe.indexOf(File.separatorChar) >= 0 && !Path.of(exe).isAbsolute()) {
            throw Refused.badRequest("a relative executable (" + exe + ") needs "
                    + CommandRequest.WORKING_DIRECTORY);
        }
        Map<String, String> env = new LinkedHashMap<>(baseEnvironment);
        env.putAll(cmd.environment());
        Path resolved = settings.allowlist().resolve(exe, baseEnvironment.get("PATH"),
                wd != null ? wd : settings.workRoot());
        List<String> argv = new ArrayList<>(cmd.words());
        argv.set(0, resolved.toString());
        int timeout = cmd.effectiveTimeoutSeconds(settings);

        CommandRunner.Run run = runner.submit(new CommandRunner.Job(request.requesterClientId(), List.copyOf(argv),
                wd, Map.copyOf(env), timeout, cmd.body()));
        await(run.started(), START_WAIT_SECONDS, "did not start");
        if (cmd.async()) {
            LOG.info("CMD-V1 from {}: {} started asynchronously", request.requesterClientId(), resolved);
            return Response.ok();
        }
        RunResult r = await(run.result(), CommandRunner.worstCase(timeout).toSeconds() + 5, "did not end");
        return response(r, timeout);
    }

    private void checkPassword(CloudPayload payload) throws Refused {
        String expected = settings.password();
        if (expected.isEmpty()) {
            return;
        }
        String given = CommandRequest.string(payload, CommandRequest.PASSWORD);
        if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            throw Refused.badRequest("missing or wrong " + CommandRequest.PASSWORD);
        }
    }

    private static <T> T await(CompletableFuture<T> f, long seconds, String what) throws Refused {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused r) {
                throw r;
            }
            throw Refused.internal("command failed: " + e.getCause());
        } catch (TimeoutException e) {
            throw Refused.internal("the command " + what + " within " + seconds + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refused.internal("interrupted while waiting for the command");
        }
    }

    static Response response(RunResult r, int timeoutSeconds) {
        Map<String, TypedValue> m = new LinkedHashMap<>();
        m.put(STDOUT, TypedValue.ofString(r.stdout()));
        m.put(STDERR, TypedValue.ofString(r.stderr()));
        if (r.exitCode() != null) {
            m.put(EXIT_CODE, TypedValue.ofInteger(r.exitCode()));
        }
        m.put(TIMED_OUT, TypedValue.ofBoolean(r.timedOut()));
        CloudPayload payload = new CloudPayload(CloudPayload.NO_TIMESTAMP, null, m, null);
        if (r.timedOut()) {
            return new Response(ResponseCode.INTERNAL_ERROR, payload,
                    "command timed out after " + timeoutSeconds + " s and was killed", null);
        }
        if (r.exitCode() != 0) {
            String msg = r.stderr().isEmpty() ? "command exited with " + r.exitCode() : r.stderr();
            return new Response(ResponseCode.INTERNAL_ERROR, payload, msg, null);
        }
        return Response.ok(payload);
    }
}
