// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Unit conversions as {@code value * gain + offset}. Conversion factors are exact by definition (NIST SP 811)
 * where the units are defined exactly: 1 psi = 6894.757293168 Pa, 1 in = 25.4 mm, 1 g = 9.80665 m/s².
 */
enum UnitPreset {
    C_TO_F("c-to-f", 1.8, 32),
    F_TO_C("f-to-c", 1 / 1.8, -32 / 1.8),
    C_TO_K("c-to-k", 1, 273.15),
    K_TO_C("k-to-c", 1, -273.15),
    F_TO_K("f-to-k", 1 / 1.8, 273.15 - 32 / 1.8),
    K_TO_F("k-to-f", 1.8, 32 - 273.15 * 1.8),
    BAR_TO_PSI("bar-to-psi", 100_000 / 6894.757293168, 0),
    PSI_TO_BAR("psi-to-bar", 6894.757293168 / 100_000, 0),
    BAR_TO_KPA("bar-to-kpa", 100, 0),
    KPA_TO_BAR("kpa-to-bar", 0.01, 0),
    PA_TO_BAR("pa-to-bar", 1e-5, 0),
    BAR_TO_PA("bar-to-pa", 1e5, 0),
    MPS_TO_KMH("mps-to-kmh", 3.6, 0),
    KMH_TO_MPS("kmh-to-mps", 1 / 3.6, 0),
    IN_TO_MM("in-to-mm", 25.4, 0),
    MM_TO_IN("mm-to-in", 1 / 25.4, 0),
    G_TO_MPS2("g-to-mps2", 9.80665, 0),
    MPS2_TO_G("mps2-to-g", 1 / 9.80665, 0),
    RPM_TO_HZ("rpm-to-hz", 1 / 60.0, 0),
    HZ_TO_RPM("hz-to-rpm", 60, 0);

    private final String label;
    final double gain;
    final double offset;

    UnitPreset(String label, double gain, double offset) {
        this.label = label;
        this.gain = gain;
        this.offset = offset;
    }

    String label() {
        return label;
    }

    static Optional<UnitPreset> of(String label) {
        String l = label.trim().toLowerCase(Locale.ROOT);
        for (UnitPreset p : values()) {
            if (p.label.equals(l)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String labels() {
        StringBuilder b = new StringBuilder();
        for (UnitPreset p : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(p.label);
        }
        return b.toString();
    }
}
