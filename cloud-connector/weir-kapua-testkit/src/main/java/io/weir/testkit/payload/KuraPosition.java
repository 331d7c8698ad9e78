// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

import org.jspecify.annotations.Nullable;

/**
 * {@code KuraPayload.KuraPosition} (field 2 of the payload). Latitude and longitude are required on the wire.
 *
 * @param latitude degrees (field 1)
 * @param longitude degrees (field 2)
 * @param altitude metres (field 3)
 * @param precision dilution of precision (field 4)
 * @param heading degrees (field 5)
 * @param speed metres per second (field 6)
 * @param timestamp epoch milliseconds (field 7)
 * @param satellites satellites locked (field 8)
 * @param status 1 no GPS response, 2 error in response, 4 valid (field 9)
 */
public record KuraPosition(double latitude, double longitude, @Nullable Double altitude, @Nullable Double precision,
        @Nullable Double heading, @Nullable Double speed, @Nullable Long timestamp, @Nullable Integer satellites,
        @Nullable Integer status) {

    /**
     * @return a position with only the required fields
     * @param latitude degrees
     * @param longitude degrees
     */
    public static KuraPosition of(double latitude, double longitude) {
        return new KuraPosition(latitude, longitude, null, null, null, null, null, null, null);
    }
}
