// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.weir.cloud.CloudPayload;
import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * The CMD-V1 request metrics (wire spec §4.4), checked. {@code command.password} is deliberately not part of it:
 * it is checked before parsing and never kept. {@code command.stdin} is ignored, as current Kura does: the child's
 * standard input is closed.
 *
 * @param words the command words followed by the {@code command.argument} values; not empty
 * @param environment the {@code command.environment.pair} values, in order
 * @param workingDirectory {@code command.working.directory}, or {@code null}
 * @param timeoutSeconds {@code command.timeout}, 0 if absent
 * @param async {@code command.run.async}
 * @param body the ZIP archive to unpack, or {@code null}
 */
record CommandRequest(List<String> words, Map<String, String> environment, @Nullable Path workingDirectory,
        long timeoutSeconds, boolean async, byte @Nullable [] body) {

    static final String COMMAND = "command.command";
    static final String ARGUMENT = "command.argument";
    static final String ENVIRONMENT_PAIR = "command.environment.pair";
    static final String WORKING_DIRECTORY = "command.working.directory";
    static final String TIMEOUT = "command.timeout";
    static final String RUN_ASYNC = "command.run.async";
    static final String PASSWORD = "command.password";

    /** Upper bound on arguments and on environment pairs. */
    static final int MAX_LIST = 4096;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @param payload the request payload
     * @return the request
     * @throws Refused 400 with the reason if a metric is missing, of the wrong type or invalid
     */
    static CommandRequest parse(CloudPayload payload) throws Refused {
        String command = string(payload, COMMAND);
        if (command == null || command.isBlank()) {
            throw Refused.badRequest(COMMAND + " is required");
        }
        List<String> words;
        try {
            words = new ArrayList<>(CommandLine.split(command));
        } catch (IllegalArgumentException e) {
            throw Refused.badRequest(COMMAND + ": " + e.getMessage());
        }
        for (int i = 0;; i++) {
            String arg = string(payload, ARGUMENT + i);
            if (arg == null || arg.isEmpty()) {
                break;
            }
            if (i >= MAX_LIST) {
                throw Refused.badRequest("more than " + MAX_LIST + " arguments");
            }
            words.add(arg);
        }
        for (String w : words) {
            if (w.indexOf('\0') >= 0) {
                throw Refused.badRequest("the command or an argument contains a NUL character");
            }
        }

        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0;; i++) {
            String name = ENVIRONMENT_PAIR + i;
            String pair = string(payload, name);
            if (pair == null || pair.isEmpty()) {
                break;
            }
            if (i >= MAX_LIST) {
                throw Refused.badRequest("more than " + MAX_LIST + " environment pairs");
            }
            int eq = pair.indexOf('=');
            String var = eq < 0 ? pair : pair.substring(0, eq);
            if (eq <= 0 || !ENV_NAME.matcher(var).matches() || pair.indexOf('\0') >= 0) {
                // the value is not echoed: it may be a secret
                throw Refused.badRequest(name + " must be NAME=value with NAME made of letters, digits and _");
            }
            if (var.startsWith("LD_") || var.startsWith("DYLD_")) {
                throw Refused.badRequest(name + ": " + var + " may not be set by a request (dynamic loader)");
            }
            env.put(var, pair.substring(eq + 1));
        }

        Path wd = null;
        String dir = string(payload, WORKING_DIRECTORY);
        if (dir != null && !dir.isBlank()) {
            try {
                wd = Path.of(dir);
            } catch (InvalidPathException e) {
                throw Refused.badRequest(WORKING_DIRECTORY + " is not a valid path: " + dir);
            }
            if (!wd.isAbsolute()) {
                throw Refused.badRequest(WORKING_DIRECTORY + " must be an absolute path: " + dir);
            }
            wd = wd.normalize();
        }

        long timeout = 0;
        TypedValue t = payload.metric(TIMEOUT);
        if (t != null) {
            if (t.type() == DataType.INTEGER) {
                timeout = t.intValue();
            } else if (t.type() == DataType.LONG) {
                timeout = t.longValue();
            } else {
                throw Refused.badRequest(TIMEOUT + " must be INT32 (seconds), was " + t.type());
            }
        }

        boolean async = false;
        TypedValue a = payload.metric(RUN_ASYNC);
        if (a != null) {
            if (a.type() != DataType.BOOLEAN) {
                throw Refused.badRequest(RUN_ASYNC + " must be BOOL, was " + a.type());
            }
            async = a.booleanValue();
        }
        byte[] body = payload.body();
        return new CommandRequest(List.copyOf(words), Collections.unmodifiableMap(env), wd, timeout, async,
                body == null || body.length == 0 ? null : body);
    }

    /**
     * @return the STRING metric, or {@code null} if absent
     * @throws Refused if present with another type
     */
    static @Nullable String string(CloudPayload payload, String name) throws Refused {
        TypedValue v = payload.metric(name);
        if (v == null) {
            return null;
        }
        if (v.type() != DataType.STRING) {
            throw Refused.badRequest(name + " must be STRING, was " + v.type());
        }
        return v.stringValue();
    }

    /** @return the effective timeout: the request's, or the default if none or <= 0, at most the maximum */
    int effectiveTimeoutSeconds(Settings settings) {
        if (timeoutSeconds <= 0) {
            return settings.defaultTimeoutSeconds();
        }
        return (int) Math.min(timeoutSeconds, settings.maxTimeoutSeconds());
    }

    /** Shows no environment values and only the size of the body. */
    @Override
    public String toString() {
        return "CommandRequest[" + words.size() + " words, env " + environment.keySet() + ", wd " + workingDirectory
                + ", timeout " + timeoutSeconds + ", async " + async + ", body "
                + (body == null ? "none" : body.length + " B") + "]";
    }
}
