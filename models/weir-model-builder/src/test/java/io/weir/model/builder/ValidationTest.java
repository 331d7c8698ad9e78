// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.weir.inference.ElementType;
import io.weir.inference.TensorSpec;
import io.weir.model.testmodels.BadModels;
import io.weir.model.testmodels.Identity;
import io.weir.model.testmodels.MixedTypes;

/** Everything {@link ModelBundle.Builder#build()} refuses, and the message that says why. */
class ValidationTest {

    @Test
    void corruptModelsAreRefusedClearly() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(BadModels.garbage()).build())
                .withMessageStartingWith("ONNX model is not a loadable ONNX model (256 bytes): ");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(BadModels.truncated(Models.CLASSIFIER)).build())
                .withMessageContaining("is not a loadable ONNX model");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(new byte[0]).build())
                .withMessageContaining("is not a loadable ONNX model (0 bytes)");
        assertThatThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(Path.of("no/such.onnx")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no/such.onnx");
    }

    @Test
    void unsupportedElementTypesAndNonTensorsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0")
                        .onnx(Identity.model("pixels", "out", Identity.ONNX_UINT8, new long[] {-1, 4})).build())
                .withMessage("ONNX model: input 'pixels' has element type UINT8; supported: FLOAT, DOUBLE, INT32, "
                        + "INT64, BOOL, STRING");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(BadModels.sequenceOutput()).build())
                .withMessageStartingWith("ONNX model: output 'output' is not a tensor");
    }

    @Test
    void tensorNamesTheCapabilityCannotCarryAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0")
                        .onnx(Identity.model("a,b", "out", ElementType.FLOAT, new long[] {1})).build())
                .withMessageContaining("input 'a,b' contains ','");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0")
                        .onnx(Identity.model("in", "say \"x\"", ElementType.FLOAT, new long[] {1})).build())
                .withMessageContaining("output 'say \"x\"' contains '\"'");
    }

    @Test
    void declaredSpecsMustMatchTheFile() {
        ModelBundle.builder("m", "1.0.0").onnx(Models.CLASSIFIER).inputs(TensorSpec.parse("input:FLOAT:-1x6"))
                .outputs(TensorSpec.parse("output:FLOAT:-1x2")).build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(Models.CLASSIFIER)
                        .inputs(TensorSpec.parse("input:FLOAT:-1x5")).build())
                .withMessageStartingWith("model m: declared input 0 is 'input:FLOAT:-1x5' but the ONNX model has "
                        + "'input:FLOAT:-1x6'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(Models.CLASSIFIER)
                        .outputs(TensorSpec.parse("output:DOUBLE:-1x2")).build())
                .withMessageContaining("declared output 0 is 'output:DOUBLE:-1x2'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(MixedTypes.model())
                        .inputs(TensorSpec.parse("a:FLOAT:-1x3"), TensorSpec.parse("b:INT64:-1x1")).build())
                .withMessageContaining("declared input 2 is missing but the ONNX model has 'c:DOUBLE:2x2'");
    }

    static Stream<Arguments> inconsistentMetadata() {
        return Stream.of(
                bad("input.name names no input", m -> m.put("input.name", "features"),
                        "metadata input.name: 'features' is not an input of the model; its inputs are [input:FLOAT:-1x6]"),
                bad("fewer features than columns", m -> m.put("input.features", "rms,peak,crest,kurtosis,skew"),
                        "metadata input.features: 5 features, but input 'input' (input:FLOAT:-1x6) has 6 columns"),
                bad("feature named twice", m -> m.put("input.features", "rms,peak,crest,kurtosis,skew,rms"),
                        "metadata input.features: names feature 'rms' twice"),
                bad("empty feature", m -> m.put("input.features", "rms,peak,,kurtosis,skew,mean"),
                        "metadata input.features: has an empty entry"),
                bad("mean count", m -> m.put("input.mean", "0,0,0,0,0"),
                        "metadata input.mean: 5 values for 6 features"),
                bad("mean not a number", m -> m.put("input.mean", "0,0,zero,0,0,0"),
                        "metadata input.mean: 'zero' is not a number"),
                bad("scale count", m -> m.put("input.scale", "1,1,1,1,1,1,1"),
                        "metadata input.scale: 7 values for 6 features"),
                bad("scale not finite", m -> m.put("input.scale", "1,1,NaN,1,1,1"),
                        "metadata input.scale: 'NaN' is not a finite number"),
                bad("scale infinite", m -> m.put("input.mean", "0,0,0,0,0,Infinity"),
                        "metadata input.mean: 'Infinity' is not a finite number"),
                bad("scale zero", m -> m.put("input.scale", "1,1,0.0,1,1,1"),
                        "metadata input.scale: is 0 for feature 'crest'"),
                bad("mean without features", m -> m.remove("input.features"),
                        "metadata input.mean: needs input.features"),
                bad("output.score names no output", m -> m.put("output.score", "probabilities"),
                        "metadata output.score: 'probabilities' is not an output of the model; its outputs are [output:FLOAT:-1x2]"),
                bad("score index past the columns", m -> m.put("output.score.index", "2"),
                        "metadata output.score.index: 2 is not a column of output 'output' (output:FLOAT:-1x2, 2 columns)"),
                bad("negative score index", m -> m.put("output.score.index", "-1"),
                        "metadata output.score.index: -1 is not a column"),
                bad("score index not a number", m -> m.put("output.score.index", "first"),
                        "metadata output.score.index: 'first' is not an integer"),
                bad("label count", m -> m.put("output.labels", "normal,anomaly,unknown"),
                        "metadata output.labels: 3 labels, but output 'output' (output:FLOAT:-1x2) has 2 columns"),
                bad("threshold", m -> m.put("output.threshold", "high"),
                        "metadata output.threshold: 'high' is not a number"),
                bad("edges without fractions", m -> m.remove("reference.rms.fractions"),
                        "metadata reference.rms.edges: has no reference.rms.fractions"),
                bad("fractions without edges", m -> m.remove("reference.score.edges"),
                        "metadata reference.score.fractions: has no reference.score.edges"),
                bad("fraction count", m -> m.put("reference.rms.fractions", "0.5,0.3,0.2"),
                        "metadata reference.rms.fractions: 3 bins, but 3 edges make 4"),
                bad("fractions do not sum to 1", m -> m.put("reference.rms.fractions", "0.1,0.4,0.3,0.1"),
                        "metadata reference.rms.fractions: fractions sum to 0.9"),
                bad("negative fraction", m -> m.put("reference.score.fractions", "1.5,-0.5"),
                        "metadata reference.score.fractions: fraction 1.5 is not in [0, 1]"),
                bad("edges not ascending", m -> m.put("reference.rms.edges", "0.1,0.4,0.2"),
                        "metadata reference.rms.edges: is not ascending at entry 2 (0.4, 0.2)"),
                bad("edge not a number", m -> m.put("reference.rms.edges", "0.1,x,0.4"),
                        "metadata reference.rms.edges: 'x' is not a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistentMetadata")
    void inconsistentMetadataIsRefusedNamingTheKey(String why, Consumer<Map<String, String>> change, String message) {
        Map<String, String> metadata = Models.metadata();
        change.accept(metadata);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(Models.CLASSIFIER).metadata(metadata).build())
                .withMessageStartingWith(message);
    }

    @Test
    void keysThatNeedATensorNameOneWhenTheModelHasSeveral() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(MixedTypes.model())
                        .metadata(Map.of("input.features", "x,y,z")).build())
                .withMessageStartingWith("metadata input.features: needs input.name: the model has 3 inputs");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(MixedTypes.model())
                        .metadata(Map.of("output.score.index", "0")).build())
                .withMessageStartingWith("metadata output.score.index: needs output.score: the model has 4 outputs");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ModelBundle.builder("m", "1.0.0").onnx(MixedTypes.model())
                        .metadata(Map.of("input.name", "b", "input.features", "x")).build())
                .withMessageStartingWith("metadata input.features: features are fed as FLOAT [batch, features], "
                        + "but input 'b' is b:INT64:-1x1");
    }

    @Test
    void consistentMetadataOnAnotherModelBuilds() {
        BuiltModelBundle b = ModelBundle.builder("m", "1.0.0").onnx(MixedTypes.model())
                .metadata(Map.of("input.name", "a", "input.features", "x,y,z", "output.score", "a_positive",
                        "output.score.index", "2", "output.labels", "x,y,z", "reference.score.edges", "",
                        "reference.score.fractions", "1.0"))
                .build();
        assertThat(b.info().descriptor().metadata()).containsEntry("input.name", "a").hasSize(7);
    }

    private static Arguments bad(String why, Consumer<Map<String, String>> change, String message) {
        return Arguments.of(why, change, message);
    }
}
