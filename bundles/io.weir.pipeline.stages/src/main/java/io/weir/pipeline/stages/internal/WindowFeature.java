// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.Locale;
import java.util.Optional;

/** A feature computed over a window; its output channel is {@code <channel>_<label>}. */
enum WindowFeature {
    MEAN("mean"),
    MIN("min"),
    MAX("max"),
    /** Population standard deviation (divided by n). */
    STD("std"),
    /** Root mean square. */
    RMS("rms"),
    /** Peak to peak: max - min. */
    P2P("p2p"),
    /** The number of finite samples the features were computed from. */
    COUNT("count");

    static final String[] DEFAULTS = {"mean", "min", "max", "std", "rms", "p2p"};

    private final String label;

    WindowFeature(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static Optional<WindowFeature> of(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (WindowFeature f : values()) {
            if (f.label.equals(l)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
