// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Locale;
import java.util.Optional;

/**
 * The Tribuo model family {@link AnomalyModelTrainer} trains. Both are trained by stochastic gradient descent
 * (AdaGrad) on the log loss with a softmax output, and both export to ONNX.
 */
public enum Algorithm {

    /**
     * A factorization machine ({@code FMClassificationTrainer}): a linear model plus pairwise feature interactions
     * of low rank. The default: spikes raise the window's spread and stuck values remove it, so an anomaly lies on
     * both sides of the normal windows; a linear model can only draw one line through them, the interactions give
     * the curved boundary needed.
     */
    FACTORIZATION_MACHINE("fm"),

    /** Logistic regression ({@code LinearSGDTrainer} with {@code LogMulticlass}): the linear baseline. */
    LOGISTIC_REGRESSION("logistic");

    private final String cliName;

    Algorithm(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name on the command line, for example {@code fm} */
    public String cliName() {
        return cliName;
    }

    /**
     * @param name a {@link #cliName()} or a constant name, case-insensitive
     * @return the algorithm, or empty
     */
    public static Optional<Algorithm> fromName(String name) {
        for (Algorithm a : values()) {
            if (a.cliName.equalsIgnoreCase(name) || a.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
