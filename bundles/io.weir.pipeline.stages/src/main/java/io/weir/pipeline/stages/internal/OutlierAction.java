// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

/** What an outlier filter does with an outlier. */
enum OutlierAction {
    /** Remove the channel from the record (the record is dropped if no value is left). */
    DROP,
    /** Replace the value by the filter's estimate (the rolling mean or median) as a DOUBLE. */
    REPLACE,
    /** Keep the value and add a BOOLEAN channel {@code <channel>_outlier}, for every watched channel present. */
    FLAG;

    static final String FLAG_SUFFIX = "_outlier";

    static OutlierAction of(String value) {
        switch (value) {
            case "drop":
                return DROP;
            case "flag":
                return FLAG;
            default:
                return REPLACE;
        }
    }
}
