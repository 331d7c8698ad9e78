// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import static io.weir.cloud.app.command.internal.Fixtures.running;
import static io.weir.cloud.app.command.internal.Fixtures.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.cloud.app.command.internal.Fixtures.Cmd;
import io.weir.cloud.app.command.internal.Fixtures.SettingsBuilder;
import io.weir.cloud.app.command.internal.Fixtures.TestContext;
import io.weir.data.DataType;
import io.weir.data.TypedValue;

/** The handler end to end with real processes. */
@Timeout(120)
class CommandAppTest {

    @TempDir
    Path tmp;

    private CommandApp app;

    private CommandApp app(Consumer<SettingsBuilder> settings) {
        SettingsBuilder b = new SettingsBuilder(tmp.resolve("data"));
        settings.accept(b);
        app = new CommandApp(b.build());
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.deactivate();
        }
    }

    private Response exec(Cmd cmd) {
        return app.handle(cmd.request(), new TestContext());
    }

    private static String metric(Response r, String name) {
        TypedValue v = r.payload().metric(name);
        return v == null ? null : v.stringValue();
    }

    private static void assertOk(Response r, String stdout) {
        assertThat(r.exceptionMessage()).isNull();
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(metric(r, "command.stdout")).isEqualTo(stdout);
        assertThat(r.payload().metric("command.exit.code")).isEqualTo(TypedValue.ofInteger(0));
        assertThat(r.payload().metric("command.timedout")).isEqualTo(TypedValue.ofBoolean(false));
    }

    private static void assertRefused(Response r, ResponseCode code, String message) {
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.exceptionMessage()).contains(message);
        assertThat(r.payload().metrics()).isEmpty();
    }

    private static void eventually(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(20);
        }
    }

    @Test
    void disabledIsRefusedWith500() {
        app(s -> {
            s.enabled = false;
            s.allow("echo");
        });
        assertRefused(exec(Cmd.of("echo hi")), ResponseCode.INTERNAL_ERROR, "disabled");
    }

    @Test
    void onlyExecCommandIsValid() {
        app(s -> s.allow("echo"));
        TestContext ctx = new TestContext();
        assertRefused(app.handle(Cmd.of("echo").request(RequestMethod.GET, List.of("command")), ctx),
                ResponseCode.BAD_REQUEST, "EXEC");
        assertRefused(app.handle(Cmd.of("echo").request(RequestMethod.EXEC, List.of("shell")), ctx),
                ResponseCode.NOT_FOUND, "shell");
        assertRefused(app.handle(Cmd.of("echo").request(RequestMethod.EXEC, List.of("command", "x")), ctx),
                ResponseCode.BAD_REQUEST, "2 resources");
        assertRefused(app.handle(Cmd.of("echo").request(RequestMethod.EXEC, List.of()), ctx),
                ResponseCode.BAD_REQUEST, "0 resources");
    }

    @Test
    void runsAnAllowlistedCommandWithoutAShell() {
        app(s -> s.allow("printf"));
        Response r = exec(Cmd.of("printf '%s|' $HOME \"a b\" '*'").args("$PATH", "`id`", "").put(
                "command.argument4", TypedValue.ofString("after the gap")));
        assertOk(r, "$HOME|a b|*|$PATH|`id`|");
        assertThat(metric(r, "command.stderr")).isEmpty();
        assertThat(r.payload().metric("command.exit.code").type()).isEqualTo(DataType.INTEGER);
    }

    @Test
    void offTheAllowlistIsRefused() {
        app(s -> s.allow("echo"));
        assertRefused(exec(Cmd.of("ls /")), ResponseCode.BAD_REQUEST, "command not allowed: ls");
        Path echo = Allowlist.search("echo", CommandApp.SAFE_PATH);
        assertRefused(exec(Cmd.of(echo + " hi")), ResponseCode.BAD_REQUEST, "command not allowed: " + echo);
        assertRefused(exec(Cmd.of("   ")), ResponseCode.BAD_REQUEST, "command.command is required");
        assertRefused(exec(Cmd.of("echo 'x")), ResponseCode.BAD_REQUEST, "unterminated");
    }

    @Test
    void passwordIsCheckedAndNeverEchoed() {
        app(s -> {
            s.allow("echo");
            s.password = "s3cret";
        });
        Response missing = exec(Cmd.of("echo hi"));
        assertRefused(missing, ResponseCode.BAD_REQUEST, "command.password");
        Response wrong = exec(Cmd.of("echo hi").password("guess"));
        assertRefused(wrong, ResponseCode.BAD_REQUEST, "command.password");
        assertThat(wrong.exceptionMessage()).doesNotContain("s3cret").doesNotContain("guess");
        // checked before the allowlist, so the allowlist cannot be probed without it
        assertRefused(exec(Cmd.of("ls").password("guess")), ResponseCode.BAD_REQUEST, "command.password");
        assertOk(exec(Cmd.of("echo hi").password("s3cret")), "hi\n");
    }

    @Test
    void environmentIsMinimalPlusTheRequestPairs() {
        app(s -> s.allow("env"));
        Response r = exec(Cmd.of("env").env("FOO=bar baz", "EMPTY=", "X=$HOME"));
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        List<String> lines = Arrays.asList(metric(r, "command.stdout").split("\n"));
        assertThat(lines).contains("FOO=bar baz", "EMPTY=", "X=$HOME", "PATH=" + CommandApp.SAFE_PATH);
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf('='))))
                .containsExactlyInAnyOrder("PATH", "HOME", "LANG", "FOO", "EMPTY", "X", ProcessTree.MARKER);
    }

    @Test
    void invalidEnvironmentPairsAreRefused() {
        app(s -> s.allow("env"));
        assertRefused(exec(Cmd.of("env").env("NOEQUALS")), ResponseCode.BAD_REQUEST, "pair0");
        assertRefused(exec(Cmd.of("env").env("OK=1", "1BAD=x")), ResponseCode.BAD_REQUEST, "pair1");
        Response preload = exec(Cmd.of("env").env("LD_PRELOAD=/tmp/evil.so"));
        assertRefused(preload, ResponseCode.BAD_REQUEST, "LD_PRELOAD");
        assertThat(preload.exceptionMessage()).doesNotContain("/tmp/evil.so");
    }

    @Test
    void wrongMetricTypesAreRefused() {
        app(s -> s.allow("echo"));
        assertRefused(exec(Cmd.of("echo").put("command.timeout", TypedValue.ofString("60"))),
                ResponseCode.BAD_REQUEST, "command.timeout must be INT32");
        assertRefused(exec(Cmd.of("echo").put("command.run.async", TypedValue.ofString("true"))),
                ResponseCode.BAD_REQUEST, "BOOL");
        assertRefused(exec(new Cmd().put("command.command", TypedValue.ofInteger(1))),
                ResponseCode.BAD_REQUEST, "STRING");
    }

    @Test
    void workingDirectoryIsHonoured() throws Exception {
        app(s -> s.allow("pwd", "cat"));
        Path dir = Files.createDirectories(tmp.resolve("wd"));
        Files.writeString(dir.resolve("f.txt"), "content");
        assertOk(exec(Cmd.of("pwd").dir(dir)), dir.toRealPath() + "\n");
        assertOk(exec(Cmd.of("cat f.txt").dir(dir)), "content");
        assertRefused(exec(Cmd.of("pwd").dir(tmp.resolve("missing"))), ResponseCode.BAD_REQUEST,
                "does not exist");
        assertRefused(exec(Cmd.of("pwd").dir(dir.resolve("f.txt"))), ResponseCode.BAD_REQUEST,
                "not a directory");
    }

    @Test
    void withoutAWorkingDirectoryEachRunGetsAFreshOneThatIsDeleted() throws Exception {
        app(s -> s.allow("pwd"));
        Response r = exec(Cmd.of("pwd"));
        Path ran = Path.of(metric(r, "command.stdout").trim());
        Path workRoot = tmp.resolve("data/command/work").toRealPath();
        assertThat(ran.getParent()).isEqualTo(workRoot);
        eventually("per-run directory deleted", () -> !Files.exists(ran));
        assertThat(Path.of(metric(exec(Cmd.of("pwd")), "command.stdout").trim())).isNotEqualTo(ran);
        assertRefused(exec(Cmd.of("./pwd")), ResponseCode.BAD_REQUEST, "needs command.working.directory");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
        app(s -> s.allow("sh"));
        Response r = exec(Cmd.of("sh -c 'sleep 100 & echo $!; echo $$; sleep 100'").timeout(1));
        assertThat(r.code()).isEqualTo(ResponseCode.INTERNAL_ERROR);
        assertThat(r.exceptionMessage()).contains("timed out after 1 s");
        assertThat(r.payload().metric("command.timedout")).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(r.payload().metrics()).doesNotContainKey("command.exit.code");
        String[] pids = metric(r, "command.stdout").trim().split("\n");
        assertThat(pids).hasSize(2);
        long child = Long.parseLong(pids[0]);
        long shell = Long.parseLong(pids[1]);
        assertThat(running(shell)).as("the shell is gone").isFalse();
        assertThat(running(child)).as("its background child is gone").isFalse();
    }

    @Test
    void processesLeftBehindAreEndedWhenTheCommandExits() throws Exception {
        app(s -> s.allow("sh"));
        // one detached from the output, one still holding it: neither may outlive the run
        Response r = exec(Cmd.of("sh -c 'sleep 100 >/dev/null 2>&1 & echo $!; sleep 100 & echo $!'"));
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(r.payload().metric("command.timedout")).isEqualTo(TypedValue.ofBoolean(false));
        String[] pids = metric(r, "command.stdout").trim().split("\n");
        assertThat(pids).hasSize(2);
        for (String pid : pids) {
            assertThat(running(Long.parseLong(pid))).as("left-behind process %s", pid).isFalse();
        }
    }

    @Test
    void theTimeoutIsClampedToTheMaximum() {
        app(s -> {
            s.allow("sleep");
            s.defaultTimeout = 1;
            s.maxTimeout = 1;
        });
        Response r = exec(Cmd.of("sleep 100").timeout(100_000));
        assertThat(r.payload().metric("command.timedout")).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(r.exceptionMessage()).contains("after 1 s");
    }

    @Test
    void nonZeroExitIs500WithStderrAndTheMetrics() {
        app(s -> s.allow("sh"));
        Response r = exec(Cmd.of("sh -c 'echo out; echo oops >&2; exit 3'"));
        assertThat(r.code()).isEqualTo(ResponseCode.INTERNAL_ERROR);
        assertThat(r.exceptionMessage()).isEqualTo("oops\n");
        assertThat(metric(r, "command.stdout")).isEqualTo("out\n");
        assertThat(metric(r, "command.stderr")).isEqualTo("oops\n");
        assertThat(r.payload().metric("command.exit.code")).isEqualTo(TypedValue.ofInteger(3));
        assertThat(r.payload().metric("command.timedout")).isEqualTo(TypedValue.ofBoolean(false));
        assertThat(exec(Cmd.of("sh -c 'exit 4'")).exceptionMessage()).isEqualTo("command exited with 4");
    }

    @Test
    void outputIsCappedPerStream() {
        app(s -> {
            s.allow("sh");
            s.outputMax = 100;
        });
        // 1000 lines of 11 bytes on each stream
        Response r = exec(Cmd.of("sh -c 'i=0; while [ $i -lt 1000 ]; do echo 0123456789; echo abcdefghij >&2; "
                + "i=$((i+1)); done'"));
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        String expectedHead = "0123456789\n".repeat(10).substring(0, 100);
        assertThat(metric(r, "command.stdout")).isEqualTo(expectedHead + "\n[truncated: 10900 bytes dropped]");
        assertThat(metric(r, "command.stderr")).startsWith("abcdefghij\n").endsWith("[truncated: 10900 bytes dropped]");
    }

    @Test
    void aZipBodyIsUnpackedBeforeTheCommandRuns() {
        app(s -> s.allow("cat"));
        Response r = exec(Cmd.of("cat data/hello.txt").body(zip(Map.of("data/hello.txt", "hi from zip"))));
        assertOk(r, "hi from zip");
    }

    @Test
    void aZipSlipBodyIsRefusedAndNothingIsExtracted() throws Exception {
        app(s -> s.allow("sh"));
        Path dir = Files.createDirectories(tmp.resolve("wd"));
        Map<String, String> e = new LinkedHashMap<>();
        e.put("ok.txt", "fine");
        e.put("../evil.sh", "echo pwned");
        Response r = exec(Cmd.of("sh -c 'touch ran'").dir(dir).body(zip(e)));
        assertRefused(r, ResponseCode.BAD_REQUEST, "outside the working directory");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).as("nothing extracted, command not run").isEmpty();
        }
        assertThat(tmp.resolve("evil.sh")).doesNotExist();
        // an asynchronous request hears about it too
        assertRefused(exec(Cmd.of("sh -c 'touch ran'").dir(dir).body(zip(e)).async()), ResponseCode.BAD_REQUEST,
                "outside the working directory");
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    @Test
    void asyncRepliesAtOnceAndRunsInTheBackground() throws Exception {
        app(s -> s.allow("sh"));
        Path dir = Files.createDirectories(tmp.resolve("wd"));
        // the command cannot end before the test creates "go": the reply must have come first
        Response r = exec(Cmd.of("sh -c 'while [ ! -f go ]; do sleep 0.05; done; echo done > done'").dir(dir)
                .async());
        assertThat(r.code()).isEqualTo(ResponseCode.OK);
        assertThat(r.payload().metrics()).isEmpty();
        assertThat(dir.resolve("done")).doesNotExist();
        Files.createFile(dir.resolve("go"));
        eventually("background command finished", () -> Files.exists(dir.resolve("done")));
    }

    @Test
    void moreThanMaxConcurrentIsBusyAndAPermitComesBack() throws Exception {
        app(s -> {
            s.allow("sh", "echo");
            s.maxConcurrent = 1;
        });
        Path dir = Files.createDirectories(tmp.resolve("wd"));
        assertThat(exec(Cmd.of("sh -c 'while [ ! -f go ]; do sleep 0.05; done'").dir(dir).async()).code())
                .isEqualTo(ResponseCode.OK);
        assertRefused(exec(Cmd.of("echo hi")), ResponseCode.INTERNAL_ERROR, "busy");
        Files.createFile(dir.resolve("go"));
        eventually("permit released", () -> exec(Cmd.of("echo hi")).code() == ResponseCode.OK);
    }

    @Test
    void deactivateKillsRunningCommands() throws Exception {
        app(s -> s.allow("sh"));
        Path dir = Files.createDirectories(tmp.resolve("wd"));
        exec(Cmd.of("sh -c 'echo $$ > pid.tmp; mv pid.tmp pid; while true; do sleep 0.05; done'").dir(dir)
                .async());
        eventually("command started", () -> Files.exists(dir.resolve("pid")));
        long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
        assertThat(running(pid)).isTrue();
        app.deactivate();
        app = null;
        assertThat(running(pid)).isFalse();
    }
}
