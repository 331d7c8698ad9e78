// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The declared name, element type and shape of one model input or output. A dimension of {@value #DYNAMIC}
 * takes any size at run time (typically the batch dimension). A DTO defined by Weir: a provider type.
 * Immutable: the shape array is copied on the way in and on the way out.
 *
 * @param name the tensor name as the model file declares it; not empty
 * @param type the element type
 * @param shape the dimensions, each {@code >= 0} or {@value #DYNAMIC}; empty for a scalar
 */
@ProviderType
public record TensorSpec(String name, ElementType type, long[] shape) {

    /** The size of a dynamic dimension: {@value}. */
    public static final long DYNAMIC = -1L;

    /**
     * Checks the name and the dimensions and copies the shape.
     *
     * @param name see {@link #name()}
     * @param type see {@link #type()}
     * @param shape see {@link #shape()}
     */
    public TensorSpec {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        Objects.requireNonNull(type, "type");
        shape = Objects.requireNonNull(shape, "shape").clone();
        for (long d : shape) {
            if (d < DYNAMIC) {
                throw new IllegalArgumentException("tensor " + name + " has invalid dimension " + d + " in "
                        + Arrays.toString(shape));
            }
        }
    }

    /** @return a copy of the dimensions */
    /**
     * Parses a spec written as in the {@code weir.model} capability: {@code name:TYPE:dims}, for example
     * {@code input:FLOAT:-1x6}; dimensions joined by {@code x}, {@code -1} for a dynamic one, empty for a
     * scalar. The text is read from the right, so the name may contain {@code :}.
     *
     * @param text the spec
     * @return the spec
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static TensorSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        int dimsAt = text.lastIndexOf(':');
        int typeAt = dimsAt < 0 ? -1 : text.lastIndexOf(':', dimsAt - 1);
        if (typeAt <= 0) {
            throw new IllegalArgumentException("tensor spec '" + text + "' is not name:TYPE:dims");
        }
        String name = text.substring(0, typeAt);
        String typeName = text.substring(typeAt + 1, dimsAt);
        ElementType type;
        try {
            type = ElementType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor spec '" + text + "': unknown element type '" + typeName
                    + "', expected one of " + Arrays.toString(ElementType.values()), e);
        }
        String dims = text.substring(dimsAt + 1).trim();
        long[] shape;
        if (dims.isEmpty()) {
            shape = new long[0];
        } else {
            String[] parts = dims.split("x", -1);
            shape = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    shape[i] = Long.parseLong(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("tensor spec '" + text + "': dimension '" + parts[i]
                            + "' is not a number", e);
                }
            }
        }
        try {
            return new TensorSpec(name, type, shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor spec '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * @return this spec as the {@code weir.model} capability writes it, the inverse of {@link #parse(String)}
     */
    public String format() {
        StringBuilder b = new StringBuilder(name).append(':').append(type.name()).append(':');
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append('x');
            }
            b.append(shape[i]);
        }
        return b.toString();
    }

    /**
     * Whether a tensor of this shape fits the spec: same rank, and every fixed dimension equal.
     *
     * @param actual a concrete shape
     * @return true when it fits
     */
    public boolean accepts(long[] actual) {
        if (actual.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != DYNAMIC && shape[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of dimensions, 0 for a scalar */
    public int rank() {
        return shape.length;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof TensorSpec that && name.equals(that.name) && type == that.type
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + type.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    /** @return for example {@code features:FLOAT[-1, 16]} */
    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(shape);
    }
}
