// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A geographic position attached to a {@link CloudPayload}, as the cloud protocol carries it. Latitude and
 * longitude are required, every other field is optional. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param latitude degrees
 * @param longitude degrees
 * @param altitude metres, or {@code null}
 * @param precision dilution of precision of the fix, or {@code null}
 * @param heading degrees, or {@code null}
 * @param speed metres per second, or {@code null}
 * @param timestamp time of the fix, milliseconds since the epoch, or {@code null}
 * @param satellites number of satellites locked, or {@code null}
 * @param status fix status as the receiver reports it (1 no response, 2 error, 4 valid), or {@code null}
 */
@ProviderType
public record Position(double latitude, double longitude, @Nullable Double altitude, @Nullable Double precision,
        @Nullable Double heading, @Nullable Double speed, @Nullable Long timestamp, @Nullable Integer satellites,
        @Nullable Integer status) {

    /**
     * A position with latitude and longitude only.
     *
     * @param latitude degrees
     * @param longitude degrees
     */
    public Position(double latitude, double longitude) {
        this(latitude, longitude, null, null, null, null, null, null, null);
    }
}
