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
