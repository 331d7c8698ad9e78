// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-round figures and their median and spread. */
final class Samples {

    private final List<Double> values = new ArrayList<>();

    void add(double v) {
        values.add(v);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** @return "median (min..max)" as rates */
    String rates() {
        return String.format(Locale.ROOT, "%s/s (%s..%s)", rate(median()), rate(min()), rate(max()));
    }

    /** @return "median (min..max)" as ratios */
    String ratios() {
        return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", median(), min(), max());
    }

    /** @return e.g. "41.3k" or "812" */
    static String rate(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 1000 ? String.format(Locale.ROOT, "%.1fk", v / 1000) : String.format(Locale.ROOT, "%.0f", v);
    }
}
