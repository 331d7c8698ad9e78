// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

/**
 * Models shared by the tests, each trained once per test JVM (lazy holder classes, so tests that do not need a
 * model do not pay for it).
 */
final class Models {

    /** 1 hour of training data, 30 minutes held out, default options. */
    static final VibrationModelRecipe SMALL = VibrationModelRecipe.defaults().withTrainingHours(1.0)
            .withHeldOutHours(0.5);

    private Models() {
    }

    /** @return the {@link #SMALL} model */
    static Trained small() {
        return SmallHolder.MODEL;
    }

    /** @return the default recipe's model, the one the command line trains by default */
    static Trained defaults() {
        return DefaultHolder.MODEL;
    }

    /**
     * A model with its data.
     *
     * @param model the model
     * @param training its training data
     * @param heldOut its held-out data
     */
    record Trained(TrainedModel model, LabelledData training, LabelledData heldOut) {

        static Trained of(VibrationModelRecipe recipe) {
            LabelledData training = recipe.trainingData();
            LabelledData heldOut = recipe.heldOutData();
            return new Trained(new AnomalyModelTrainer(recipe.options()).train(training, heldOut), training, heldOut);
        }
    }

    private static final class SmallHolder {
        static final Trained MODEL = Trained.of(SMALL);
    }

    private static final class DefaultHolder {
        static final Trained MODEL = Trained.of(VibrationModelRecipe.defaults());
    }
}
