// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin;

/** Fixed-point formatting for placement reasons, without {@code String.format}'s allocations. */
final class Numbers {

    private Numbers() {
    }

    /**
     * Appends {@code v} rounded half up to {@code decimals} places, for example {@code 42.0} or {@code 0.625}.
     * Non-finite and very large values are appended as {@link Double#toString(double)} does.
     */
    static StringBuilder fixed(StringBuilder sb, double v, int decimals) {
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        if (!Double.isFinite(v) || Math.abs(v) * scale >= 1e15) {
            return sb.append(v);
        }
        long n = Math.round(v * scale);
        if (n < 0) {
            sb.append('-');
            n = -n;
        }
        sb.append(n / scale);
        if (decimals > 0) {
            sb.append('.');
            long fraction = n % scale;
            for (long p = scale / 10; p >= 1; p /= 10) {
                sb.append((char) ('0' + fraction / p % 10));
            }
        }
        return sb;
    }
}
