// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the ONNX engine, PID {@value OnnxInferenceEngine#PID}. */
@ObjectClassDefinition(name = "Weir ONNX inference engine",
        description = "ONNX Runtime session options, version pins and limits of the model bundle extender")
public @interface EngineConfig {

    @AttributeDefinition(name = "Intra-op threads", description = "Threads one inference call may use; 1 runs on "
            + "the caller's thread only (best on small devices and for small models); 0 lets ONNX Runtime choose",
            min = "0", max = "256")
    int intraOpThreads() default 1;

    @AttributeDefinition(name = "Inter-op threads", description = "Threads for parallel graph branches; 1 = "
            + "sequential execution", min = "0", max = "256")
    int interOpThreads() default 1;

    @AttributeDefinition(name = "Graph optimisation level", options = {
        @Option(label = "None", value = "NONE"), @Option(label = "Basic", value = "BASIC"),
        @Option(label = "Extended", value = "EXTENDED"), @Option(label = "All", value = "ALL") })
    String optimizationLevel() default "ALL";

    @AttributeDefinition(name = "Memory arena", description = "OFF: no CPU arena and no memory pattern, memory is "
            + "returned after each call (least resident memory, for small devices); ON: ONNX Runtime's arena keeps "
            + "its peak (fastest); SHRINK: the arena is used during a call and shrunk after it", options = {
                @Option(label = "Off", value = "OFF"), @Option(label = "On", value = "ON"),
                @Option(label = "Shrink after each call", value = "SHRINK") })
    String memoryArena() default "OFF";

    @AttributeDefinition(name = "Version pins", description = "name=version entries: serve that version of the "
            + "model instead of the highest installed one (while it is installed)", required = false)
    String[] pinnedVersions() default {};

    @AttributeDefinition(name = "Warm-up runs", description = "Inferences on zero inputs before a new version is "
            + "swapped in", min = "0", max = "1000")
    int warmupRuns() default 3;

    @AttributeDefinition(name = "Maximum model size (bytes)", min = "1")
    long maxModelBytes() default 256L * 1024 * 1024;

    @AttributeDefinition(name = "Maximum rows per call", description = "Largest batch (dimension 0) accepted by "
            + "one call", min = "1")
    int maxBatchRows() default 4096;

    @AttributeDefinition(name = "Update grace (ms)", description = "How long the serving version stays loaded "
            + "after its bundle stopped, waiting for a replacement (a bundle update stops, replaces and restarts "
            + "the bundle); after it, a model without an installed version is unloaded", min = "0")
    long updateGraceMs() default 10_000;
}
