// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

/**
 * CMD-V1 (spec §4.4): {@code EXEC/command}.
 *
 * <pre>{@code
 * CmdV1.Result r = Device.of(kapua, "acc", "gw-1").cmd().exec("echo", List.of("hi"), null, null, 10, null, "pw",
 *         null);
 * assertThat(r.stdout()).isEqualTo("hi\n");
 * assertThat(r.exitCode()).isZero();
 * }</pre>
 */
public final class CmdV1 {

    /** The app id. */
    public static final String APP_ID = "CMD-V1";

    private final Device device;

    /** @param device the gateway */
    public CmdV1(Device device) {
        this.device = device;
    }

    /**
     * The answer to a command.
     *
     * @param stdout {@code command.stdout}, or {@code null}
     * @param stderr {@code command.stderr}, or {@code null}
     * @param exitCode {@code command.exit.code}, {@code null} if absent (timeout, async)
     * @param timedOut {@code command.timedout}, {@code null} if absent
     * @param responseCode {@code response.code}: 200, or 500 for a non-zero exit, 400 for a bad request
     * @param exceptionMessage {@code response.exception.message}, or {@code null}
     * @param reply the reply
     */
    public record Result(@Nullable String stdout, @Nullable String stderr, @Nullable Integer exitCode,
            @Nullable Boolean timedOut, int responseCode, @Nullable String exceptionMessage, Reply reply) {
    }

    /**
     * Sends {@code EXEC/command} and waits for the reply. The reply timeout is the device's timeout, or the command
     * timeout plus 30 s if that is longer.
     *
     * @param command {@code command.command}
     * @param args {@code command.argument0}, {@code 1}, ...
     * @param env {@code NAME=value} pairs as {@code command.environment.pair0}, {@code 1}, ... (Kura's format;
     *     Kapua itself never delivers environment variables), {@code null} for none
     * @param workdir {@code command.working.directory}, or {@code null}
     * @param timeoutSeconds {@code command.timeout} (INT32, seconds), or {@code null}
     * @param async {@code command.run.async}, or {@code null}
     * @param password {@code command.password}, or {@code null}
     * @param zipBody a ZIP archive sent as the body, or {@code null}
     * @return the result
     * @throws ManagementException if a response metric has the wrong type
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Result exec(String command, List<String> args, @Nullable List<String> env, @Nullable String workdir,
            @Nullable Integer timeoutSeconds, @Nullable Boolean async, @Nullable String password,
            byte @Nullable [] zipBody) throws NoReplyException, MqttException, InterruptedException {
        RawKuraPayload p = execPayload(command, args, env, workdir, timeoutSeconds, async, password, zipBody);
        Device d = device;
        if (timeoutSeconds != null && timeoutSeconds > 0) {
            Duration needed = Duration.ofSeconds(timeoutSeconds + 30L);
            if (needed.compareTo(d.timeout()) > 0) {
                d = d.withTimeout(needed);
            }
        }
        return result(d.request(APP_ID, "EXEC", List.of("command"), p));
    }

    /**
     * {@code exec(command, List.of(args), null, null, null, null, password, null)}.
     *
     * @param password {@code command.password}, or {@code null}
     * @param command the command
     * @param args its arguments
     * @return the result
     * @throws NoReplyException if no reply arrives in time
     * @throws MqttException if publishing fails
     * @throws InterruptedException if interrupted
     */
    public Result run(@Nullable String password, String command, String... args)
            throws NoReplyException, MqttException, InterruptedException {
        return exec(command, List.of(args), null, null, null, null, password, null);
    }

    /**
     * @param command {@code command.command}
     * @param args the arguments
     * @param env the environment pairs, or {@code null}
     * @param workdir the working directory, or {@code null}
     * @param timeoutSeconds the timeout, or {@code null}
     * @param async the async flag, or {@code null}
     * @param password the password, or {@code null}
     * @param zipBody the body, or {@code null}
     * @return the request payload: STRING metrics, {@code command.timeout} INT32, {@code command.run.async} BOOL;
     *     {@code null}s left out
     */
    public static RawKuraPayload execPayload(String command, List<String> args, @Nullable List<String> env,
            @Nullable String workdir, @Nullable Integer timeoutSeconds, @Nullable Boolean async,
            @Nullable String password, byte @Nullable [] zipBody) {
        RawKuraPayload p = new RawKuraPayload().metric("command.command", MetricType.STRING, command);
        for (int i = 0; i < args.size(); i++) {
            p.metric("command.argument" + i, MetricType.STRING, args.get(i));
        }
        if (env != null) {
            for (int i = 0; i < env.size(); i++) {
                p.metric("command.environment.pair" + i, MetricType.STRING, env.get(i));
            }
        }
        DownloadRequest.put(p, "command.working.directory", MetricType.STRING, workdir);
        DownloadRequest.put(p, "command.timeout", MetricType.INT32, timeoutSeconds);
        DownloadRequest.put(p, "command.run.async", MetricType.BOOL, async);
        DownloadRequest.put(p, "command.password", MetricType.STRING, password);
        return p.body(zipBody);
    }

    /**
     * @param r a reply to {@code EXEC/command}
     * @return its result
     * @throws ManagementException if a response metric has the wrong type
     */
    public static Result result(Reply r) {
        RawKuraPayload p = r.payload();
        return new Result((String) typed(r, p, "command.stdout", MetricType.STRING),
                (String) typed(r, p, "command.stderr", MetricType.STRING),
                (Integer) typed(r, p, "command.exit.code", MetricType.INT32),
                (Boolean) typed(r, p, "command.timedout", MetricType.BOOL), r.responseCode(), r.exceptionMessage(), r);
    }

    private static @Nullable Object typed(Reply r, RawKuraPayload p, String name, MetricType type) {
        Metric m = p.get(name);
        if (m == null) {
            return null;
        }
        if (!m.is(type)) {
            throw new ManagementException("CMD-V1 reply: " + name + " is " + m.typeName() + ", not " + type, r, null);
        }
        return m.value();
    }
}
