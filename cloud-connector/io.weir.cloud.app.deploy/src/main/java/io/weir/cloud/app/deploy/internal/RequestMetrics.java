// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import org.jspecify.annotations.Nullable;

import io.weir.cloud.CloudPayload;
import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * Reads request metrics with the exact types of the wire contract. A missing required metric, or a metric of
 * another type, is a {@link BadRequestException} that names the metric and the expected wire type
 * ({@code INT64}, {@code INT32}, {@code BOOL}, {@code STRING}).
 */
final class RequestMetrics {

    private final CloudPayload payload;

    RequestMetrics(CloudPayload payload) {
        this.payload = payload;
    }

    String requiredString(String name) throws BadRequestException {
        String value = optionalString(name);
        if (value == null) {
            throw missing(name, DataType.STRING);
        }
        if (value.isBlank()) {
            throw new BadRequestException("metric " + name + " must not be empty");
        }
        return value;
    }

    @Nullable
    String optionalString(String name) throws BadRequestException {
        TypedValue v = typed(name, DataType.STRING);
        return v == null ? null : v.stringValue();
    }

    long requiredLong(String name) throws BadRequestException {
        TypedValue v = typed(name, DataType.LONG);
        if (v == null) {
            throw missing(name, DataType.LONG);
        }
        return v.longValue();
    }

    boolean requiredBoolean(String name) throws BadRequestException {
        TypedValue v = typed(name, DataType.BOOLEAN);
        if (v == null) {
            throw missing(name, DataType.BOOLEAN);
        }
        return v.booleanValue();
    }

    boolean optionalBoolean(String name, boolean defaultValue) throws BadRequestException {
        TypedValue v = typed(name, DataType.BOOLEAN);
        return v == null ? defaultValue : v.booleanValue();
    }

    /** An optional INT32 that must not be negative. */
    int optionalCount(String name, int defaultValue) throws BadRequestException {
        TypedValue v = typed(name, DataType.INTEGER);
        if (v == null) {
            return defaultValue;
        }
        int value = v.intValue();
        if (value < 0) {
            throw new BadRequestException("metric " + name + " must not be negative, was " + value);
        }
        return value;
    }

    private @Nullable TypedValue typed(String name, DataType expected) throws BadRequestException {
        TypedValue v = payload.metric(name);
        if (v != null && v.type() != expected) {
            throw new BadRequestException(
                    "metric " + name + " must be " + wireName(expected) + ", was " + wireName(v.type()));
        }
        return v;
    }

    private static BadRequestException missing(String name, DataType type) {
        return new BadRequestException("metric " + name + " (" + wireName(type) + ") is required");
    }

    /** @return the Kura payload's name of a type, as managers know it */
    static String wireName(DataType type) {
        switch (type) {
            case LONG:
                return "INT64";
            case INTEGER:
                return "INT32";
            case BOOLEAN:
                return "BOOL";
            default:
                return type.name();
        }
    }
}
