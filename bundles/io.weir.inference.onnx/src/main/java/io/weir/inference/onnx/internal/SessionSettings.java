// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.Locale;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/** The validated session options of {@link EngineConfig}, which make a fresh {@link SessionOptions} per session. */
record SessionSettings(int intraOpThreads, int interOpThreads, OptLevel optLevel, Arena arena, int warmupRuns,
        long maxModelBytes, int maxBatchRows) {

    /** Memory arena policy. */
    enum Arena {
        OFF, ON, SHRINK
    }

    static SessionSettings of(EngineConfig c) {
        check(c.intraOpThreads() >= 0 && c.intraOpThreads() <= 256, "intraOpThreads", c.intraOpThreads(),
                "must be 0 to 256");
        check(c.interOpThreads() >= 0 && c.interOpThreads() <= 256, "interOpThreads", c.interOpThreads(),
                "must be 0 to 256");
        check(c.warmupRuns() >= 0 && c.warmupRuns() <= 1000, "warmupRuns", c.warmupRuns(), "must be 0 to 1000");
        check(c.maxModelBytes() > 0, "maxModelBytes", c.maxModelBytes(), "must be positive");
        check(c.maxBatchRows() > 0, "maxBatchRows", c.maxBatchRows(), "must be positive");
        OptLevel level = switch (c.optimizationLevel().trim().toUpperCase(Locale.ROOT)) {
            case "NONE" -> OptLevel.NO_OPT;
            case "BASIC" -> OptLevel.BASIC_OPT;
            case "EXTENDED" -> OptLevel.EXTENDED_OPT;
            case "ALL" -> OptLevel.ALL_OPT;
            default -> throw invalid("optimizationLevel", c.optimizationLevel(), "must be NONE, BASIC, EXTENDED or ALL");
        };
        Arena arena;
        try {
            arena = Arena.valueOf(c.memoryArena().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("memoryArena", c.memoryArena(), "must be OFF, ON or SHRINK");
        }
        return new SessionSettings(c.intraOpThreads(), c.interOpThreads(), level, arena, c.warmupRuns(),
                c.maxModelBytes(), c.maxBatchRows());
    }

    /** @return options for one new session; the caller closes them once the session exists */
    SessionOptions newOptions() throws OrtException {
        SessionOptions o = new SessionOptions();
        try {
            o.setIntraOpNumThreads(intraOpThreads);
            o.setInterOpNumThreads(interOpThreads);
            o.setOptimizationLevel(optLevel);
            o.setExecutionMode(interOpThreads == 1 ? SessionOptions.ExecutionMode.SEQUENTIAL
                    : SessionOptions.ExecutionMode.PARALLEL);
            // idle pool threads must not spin on a gateway's few cores
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            o.addConfigEntry("session.inter_op.allow_spinning", "0");
            if (arena == Arena.OFF) {
                o.setCPUArenaAllocator(false);
                o.setMemoryPatternOptimization(false);
            }
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /** @return run options for each call, or {@code null} for the defaults */
    OrtSession.RunOptions newRunOptions() throws OrtException {
        if (arena != Arena.SHRINK) {
            return null;
        }
        OrtSession.RunOptions r = new OrtSession.RunOptions();
        r.addRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        return r;
    }

    private static void check(boolean ok, String attribute, Object value, String rule) {
        if (!ok) {
            throw invalid(attribute, value, rule);
        }
    }

    private static IllegalArgumentException invalid(String attribute, Object value, String rule) {
        return new IllegalArgumentException("configuration " + OnnxInferenceEngine.PID + ": '" + attribute + "' "
                + rule + ", was " + value);
    }
}
