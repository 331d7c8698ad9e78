// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.inference.ModelMetadata;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Command line: trains the default vibration-anomaly model ({@link VibrationModelRecipe}) and writes {@code
 * <name>.onnx} and {@code metadata.properties}. Exit codes: 0 success, 1 failure, 2 usage error. On success it
 * returns without exiting the JVM, so it can run inside a build tool's JVM (exec-maven-plugin's {@code java} goal).
 *
 * <pre>
 * --out DIR          output directory (required)
 * --name NAME        model name (default vibration-anomaly)
 * --seed N           seed of the training data and the trainer (default 1)
 * --hours H          hours of simulated training data (default 6: 21,600 windows)
 * --epochs N         training epochs (default 10)
 * --algorithm A      fm (factorization machine, default) or logistic
 * </pre>
 */
public final class TrainMain {

    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of a failed run. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    /** Default model name. */
    public static final String DEFAULT_NAME = "vibration-anomaly";

    static final String USAGE_TEXT = """
            usage: TrainMain --out DIR [--name NAME] [--seed N] [--hours H] [--epochs N] [--algorithm fm|logistic]
              --out DIR        where to write NAME.onnx and metadata.properties (created if missing)
              --name NAME      model name (default vibration-anomaly)
              --seed N         seed of the simulated training data and of the trainer (default 1)
              --hours H        hours of simulated training data, 10 windows a second (default 6)
              --epochs N       training epochs (default 10)
              --algorithm A    fm: factorization machine (default); logistic: logistic regression
            """;

    /**
     * Tribuo logs to java.util.logging; its INFO lines would repeat the progress this tool prints. Held in a field:
     * java.util.logging keeps loggers only weakly, and would forget the setting.
     */
    private static final Logger TRIBUO_LOGGER = Logger.getLogger("org.tribuo");

    private TrainMain() {
    }

    /**
     * Entry point. Exits the JVM only with a non-zero exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        TRIBUO_LOGGER.setUseParentHandlers(false);
        int rc = run(args, System.out, System.err);
        if (rc != OK) {
            System.exit(rc);
        }
    }

    /**
     * Runs the tool. Never exits the JVM.
     *
     * @param args the arguments
     * @param out progress and the result line
     * @param err errors and usage
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE_TEXT);
            return OK;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        long started = System.nanoTime();
        TrainedModel model;
        try {
            model = o.recipe().train(message -> out.println(message));
        } catch (IllegalArgumentException e) {
            err.println("error: training failed: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("error: training failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
        Path file = o.out().resolve(o.name() + ".onnx");
        try {
            out.println("writing " + file + " and " + TrainedModel.METADATA_FILE);
            model.writeTo(o.out(), o.name());
        } catch (IOException e) {
            err.println("error: cannot write " + file + ": " + e);
            return FAILED;
        }
        Evaluation ev = model.evaluation();
        out.printf(Locale.ROOT, "trained %s: %s training windows, held-out precision %.2f recall %.2f f1 %.2f "
                + "(%.1f s) -> %s%n", o.name(), model.metadata().get(ModelMetadata.TRAINING_SAMPLES), ev.precision(),
                ev.recall(), ev.f1(), (System.nanoTime() - started) / 1e9, o.out());
        return OK;
    }

    /** The parsed command line. */
    private record Options(Path out, String name, VibrationModelRecipe recipe) {

        static Options parse(String[] args) {
            Path out = null;
            String name = DEFAULT_NAME;
            long seed = 1;
            double hours = VibrationModelRecipe.DEFAULT_TRAINING_HOURS;
            TrainerOptions options = TrainerOptions.defaults();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (!option.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + option + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--out" -> out = Path.of(value);
                    case "--name" -> name = value;
                    case "--seed" -> seed = parseLong(option, value);
                    case "--hours" -> hours = parseDouble(option, value);
                    case "--epochs" -> {
                        int epochs = parseInt(option, value);
                        if (epochs < 1 || epochs > 10_000) {
                            throw new IllegalArgumentException("--epochs must be in 1..10000, got " + epochs);
                        }
                        options = options.withEpochs(epochs);
                    }
                    case "--algorithm" -> options = options.withAlgorithm(Algorithm.fromName(value).orElseThrow(
                            () -> new IllegalArgumentException("--algorithm must be fm or logistic, got '" + value
                                    + "'")));
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out is required");
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
            }
            TrainedModel.checkModelName(name);
            if (!(hours >= 0.01 && hours <= 24.0 * 366)) {
                throw new IllegalArgumentException("--hours must be between 0.01 and 8784, got " + hours);
            }
            VibrationModelRecipe recipe = VibrationModelRecipe.defaults().withOptions(options).withSeed(seed)
                    .withTrainingHours(hours);
            return new Options(out, name, recipe);
        }

        private static long parseLong(String option, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
            }
        }

        private static int parseInt(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a whole number, got '" + value + "'");
            }
        }

        private static double parseDouble(String option, String value) {
            try {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number, got '" + value + "'");
            }
        }
    }
}
