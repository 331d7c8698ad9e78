// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.Map;

import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converter;
import org.osgi.util.converter.Converters;

import io.weir.pipeline.StageContext;

/** A node's identity and its JSON configuration, converted to typed configuration by the OSGi Converter. */
final class MapStageContext implements StageContext {

    private static final Converter CONVERTER = Converters.standardConverter();

    private final String pipeline;
    private final String stageId;
    private final Map<String, Object> config;

    MapStageContext(String pipeline, String stageId, Map<String, Object> config) {
        this.pipeline = pipeline;
        this.stageId = stageId;
        this.config = config;
    }

    @Override
    public String pipelineName() {
        return pipeline;
    }

    @Override
    public String stageId() {
        return stageId;
    }

    @Override
    public <T> T config(Class<T> type) {
        try {
            return CONVERTER.convert(config).to(type);
        } catch (ConversionException e) {
            throw new IllegalArgumentException("pipeline " + pipeline + ", stage '" + stageId
                    + "': configuration does not fit " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
