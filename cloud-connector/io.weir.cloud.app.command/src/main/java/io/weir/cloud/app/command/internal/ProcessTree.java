// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes of one run: the child, every descendant seen while it ran, and every process that carries the
 * run's marker in its environment ({@value #MARKER}{@code =<id>}, which the child and whatever it starts inherit).
 *
 * <p>Descendants are recorded on each {@link #snapshot()}, because once a process exits its children are
 * re-parented and no longer show up as descendants; the marker finds those that started and were orphaned
 * between two snapshots (on Linux, through {@code /proc/<pid>/environ}; the technique of Jenkins' process tree
 * killer). A process that clears its environment and is orphaned before a snapshot escapes both. {@link
 * ProcessHandle} compares start times, so a recorded handle never signals a process that reused the pid. Used by
 * one thread.
 */
final class ProcessTree {

    /** The environment variable that marks the processes of a run. */
    static final String MARKER = "WEIR_COMMAND_RUN";

    private static final long POLL_MILLIS = 50;

    private final Process root;
    private final byte[] marker;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    /**
     * @param root the child
     * @param runId the value of {@value #MARKER} in the child's environment
     */
    ProcessTree(Process root, String runId) {
        this.root = root;
        this.marker = (MARKER + "=" + runId + "\0").getBytes(StandardCharsets.UTF_8);
    }

    /** Records the current descendants of the child and of every recorded process still alive. */
    void snapshot() {
        root.descendants().forEach(seen::add);
        for (ProcessHandle h : List.copyOf(seen)) {
            if (h.isAlive()) {
                h.descendants().forEach(seen::add);
            }
        }
    }

    /** @return the processes of the run other than the child that are still running */
    List<ProcessHandle> leftovers() {
        snapshot();
        Set<ProcessHandle> all = new LinkedHashSet<>(seen);
        all.addAll(marked());
        all.remove(root.toHandle());
        return all.stream().filter(ProcessTree::isRunning).toList();
    }

    private List<ProcessHandle> marked() {
        if (!Files.isDirectory(Path.of("/proc/self"))) {
            return List.of();
        }
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(h -> h.pid() != self && carriesMarker(h.pid())).toList();
    }

    private boolean carriesMarker(long pid) {
        byte[] env;
        try {
            env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return false; // gone, or another user's
        }
        outer: for (int i = 0; i + marker.length <= env.length; i++) {
            if (i > 0 && env[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < marker.length; j++) {
                if (env[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Ends the child and every other process of the run; see {@link #terminate(List, Duration)}.
     *
     * @return the number of processes still alive afterwards (0 normally)
     */
    int killAll(Duration grace) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root.toHandle());
        all.addAll(leftovers());
        return terminate(all, grace);
    }

    /**
     * SIGTERM to all at once, then SIGKILL to those still alive after {@code grace}, and a second wait of at most
     * {@code grace}. Interrupted: SIGKILL to all, then the exception.
     *
     * @return the number of processes still alive afterwards
     */
    static int terminate(List<ProcessHandle> handles, Duration grace) throws InterruptedException {
        handles.forEach(ProcessHandle::destroy);
        List<ProcessHandle> left;
        try {
            left = awaitExit(handles, grace);
        } catch (InterruptedException e) {
            handles.forEach(ProcessHandle::destroyForcibly);
            throw e;
        }
        left.forEach(ProcessHandle::destroyForcibly);
        return awaitExit(left, grace).size();
    }

    private static List<ProcessHandle> awaitExit(List<ProcessHandle> handles, Duration grace)
            throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            List<ProcessHandle> alive = handles.stream().filter(ProcessTree::isRunning).toList();
            if (alive.isEmpty() || System.nanoTime() >= deadline) {
                return alive;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * @return whether a process is alive and not a zombie. An orphan re-parented to a pid 1 that does not reap
     *         (common in containers) stays a zombie: it has ended, and signals cannot change that.
     */
    static boolean isRunning(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
        try {
            String s = Files.readString(stat, StandardCharsets.ISO_8859_1);
            int close = s.lastIndexOf(')');
            return close < 0 || close + 2 >= s.length() || s.charAt(close + 2) != 'Z';
        } catch (NoSuchFileException e) {
            return !Files.isDirectory(Path.of("/proc", "self"));
        } catch (IOException e) {
            return true;
        }
    }
}
