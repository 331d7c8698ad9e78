// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.Map;

import org.osgi.util.converter.Converters;

import io.weir.pipeline.StageContext;

/** A node context for unit tests: converts a configuration map the way the engine does (OSGi Converter). */
record TestContext(String pipelineName, String stageId, Map<String, Object> configuration) implements StageContext {

    static TestContext of(Map<String, Object> configuration) {
        return new TestContext("p", "s1", configuration);
    }

    @Override
    public <T> T config(Class<T> type) {
        return Converters.standardConverter().convert(configuration).to(type);
    }
}
