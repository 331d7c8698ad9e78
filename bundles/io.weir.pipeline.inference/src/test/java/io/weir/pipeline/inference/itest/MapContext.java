// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.itest;

import java.util.Map;

import org.osgi.util.converter.Converters;

import io.weir.pipeline.StageContext;

/** A node context as the engine gives it: a configuration map converted with the OSGi Converter. */
record MapContext(String pipelineName, String stageId, Map<String, Object> configuration) implements StageContext {

    @Override
    public <T> T config(Class<T> type) {
        return Converters.standardConverter().convert(configuration).to(type);
    }
}
