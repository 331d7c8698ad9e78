// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One pipeline, factory PID {@value PipelineComponent#PID}. */
@ObjectClassDefinition(name = "Weir pipeline",
        description = "A named graph of stages fed by assets. Each stage is a JSON object: "
                + "{\"id\":\"ewma\",\"type\":\"ewma\",\"inputs\":[\"scale\"],\"config\":{\"alpha\":0.2}}; "
                + "inputs default to the previous stage ($source for the first).")
@interface PipelineConfig {

    @AttributeDefinition(name = "Name", description = "Unique pipeline name (service property weir.pipeline.name).")
    String weir_pipeline_name();

    @AttributeDefinition(name = "Sources",
            description = "Names of the assets whose records enter the pipeline, or * for all "
                    + "(service property weir.asset.source).")
    String[] weir_asset_source() default {};

    @AttributeDefinition(name = "Stages", description = "The graph: one JSON object per stage.")
    String[] stages();

    @AttributeDefinition(name = "Queue capacity (records)",
            description = "Records held in front of the pipeline; when full the overflow policy applies.",
            min = "1", max = "10000000")
    int queueCapacity() default 8192;

    @AttributeDefinition(name = "Overflow policy",
            description = "BLOCK: the source waits (backpressure). DROP_OLDEST: the oldest queued record is dropped "
                    + "and counted.")
    OverflowPolicy overflowPolicy() default OverflowPolicy.BLOCK;

    @AttributeDefinition(name = "Dead letters kept",
            description = "How many failed records (with their reasons) are kept for inspection.", min = "0")
    int deadLetterCapacity() default 100;

    @AttributeDefinition(name = "Latency sampling",
            description = "Measure latency on one record in this many (a power of two; 1 = every record).",
            min = "1")
    int latencySampleEvery() default 16;
}
