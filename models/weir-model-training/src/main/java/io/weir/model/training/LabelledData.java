// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.inference.ModelMetadata;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Labelled examples with the names of their features: training or evaluation data for {@link
 * AnomalyModelTrainer}, from {@link VibrationDataset} or any other source (for example real windows labelled in the
 * fleet). The feature names are the record fields the model reads at inference, in tensor column order.
 *
 * <p>Checked on construction: at least one feature name; names not blank, unique, without commas or whitespace
 * (they are written as comma lists and property keys) and not {@value ModelMetadata#REFERENCE_SCORE} (reserved for
 * the score's drift reference); every example has one finite value per name. It may be empty; the trainer rejects
 * empty data.
 *
 * @param featureNames the feature names, in column order
 * @param examples the examples
 * @param description a one-line description of where the data comes from, written into the model's metadata
 */
public record LabelledData(List<String> featureNames, List<LabelledExample> examples, String description) {

    /** Version tag that starts the canonical encoding of {@link #fingerprint()}. */
    static final String FINGERPRINT_FORMAT = "weir-labelled-data/1";

    /**
     * Copies and checks the data.
     *
     * @param featureNames see {@link #featureNames()}
     * @param examples see {@link #examples()}
     * @param description see {@link #description()}
     * @throws IllegalArgumentException naming the example and feature at fault
     */
    public LabelledData {
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "featureNames"));
        examples = List.copyOf(Objects.requireNonNull(examples, "examples"));
        Objects.requireNonNull(description, "description");
        if (description.contains("\n") || description.contains("\r")) {
            throw new IllegalArgumentException("description must be one line");
        }
        checkNames(featureNames);
        for (int i = 0; i < examples.size(); i++) {
            LabelledExample e = examples.get(i);
            if (e.width() != featureNames.size()) {
                throw new IllegalArgumentException("example " + i + " has " + e.width() + " feature values, but there "
                        + "are " + featureNames.size() + " feature names " + featureNames);
            }
            for (int f = 0; f < featureNames.size(); f++) {
                double v = e.feature(f);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("example " + i + ", feature '" + featureNames.get(f) + "': "
                            + v + " is not a finite number");
                }
            }
        }
    }

    /**
     * @param featureNames the feature names, in column order
     * @param examples the examples
     * @return data described as "labelled examples"
     */
    public static LabelledData of(List<String> featureNames, List<LabelledExample> examples) {
        return new LabelledData(featureNames, examples, "labelled examples");
    }

    private static void checkNames(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one feature name is needed");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("feature names must not be blank: " + names);
            }
            if (name.contains(",") || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("feature name '" + name + "' must not contain commas or whitespace");
            }
            if (name.equals(ModelMetadata.REFERENCE_SCORE)) {
                throw new IllegalArgumentException("feature name '" + name + "' is reserved for the score's drift "
                        + "reference");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate feature name '" + name + "' in " + names);
            }
        }
    }

    /** @return the number of examples */
    public int size() {
        return examples.size();
    }

    /** @return the number of examples labelled as anomalies */
    public int positives() {
        int n = 0;
        for (LabelledExample e : examples) {
            if (e.anomaly()) {
                n++;
            }
        }
        return n;
    }

    /**
     * The SHA-256 of a canonical encoding of the feature names and the examples, in order (the description is not
     * part of it). Big-endian, as {@link DataOutputStream} writes: the UTF-8 bytes of {@value #FINGERPRINT_FORMAT};
     * the number of names (int), then each name as its UTF-8 length (int) and bytes; the number of examples (int),
     * then per example its label (byte 1 = anomaly, 0 = normal) and each value as the IEEE 754 bits of the double
     * (long), with −0.0 written as 0.0.
     *
     * @return {@code sha256:<64 lowercase hex digits>}
     */
    public String fingerprint() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(),
                sha))) {
            out.write(FINGERPRINT_FORMAT.getBytes(StandardCharsets.UTF_8));
            out.writeInt(featureNames.size());
            for (String name : featureNames) {
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            out.writeInt(examples.size());
            for (LabelledExample e : examples) {
                out.writeByte(e.anomaly() ? 1 : 0);
                for (int f = 0; f < e.width(); f++) {
                    double v = e.feature(f);
                    out.writeLong(Double.doubleToLongBits(v == 0.0 ? 0.0 : v));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: digesting in memory", e);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }
}
