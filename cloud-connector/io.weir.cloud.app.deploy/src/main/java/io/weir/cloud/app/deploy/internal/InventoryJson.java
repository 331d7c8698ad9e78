// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import org.jspecify.annotations.Nullable;

import io.weir.cloud.app.deploy.internal.DpkgStatus.SystemPackage;
import io.weir.deployment.PackageInfo;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The JSON bodies of INVENTORY-V1 (kapua-protocol.md §4.6), written and read with JSON-P. Thread-safe.
 */
final class InventoryJson {

    /** A bundle as INVENTORY-V1 lists it. */
    record BundleEntry(String name, String version, long id, String state, boolean signed) {
    }

    /** One line of {@code GET/inventory}. */
    record Item(String name, String version, String type) {
    }

    /** The body of {@code EXEC/bundles/_start|_stop}: a symbolic name and an optional version. */
    record BundleSelector(String name, @Nullable String version) {
    }

    private final JsonBuilderFactory builders = Json.createBuilderFactory(Map.of());
    private final JsonReaderFactory readers = Json.createReaderFactory(Map.of());

    byte[] inventory(List<Item> items) {
        JsonArrayBuilder array = builders.createArrayBuilder();
        items.stream()
                .sorted(Comparator.comparing(Item::name).thenComparing(Item::type).thenComparing(Item::version))
                .forEach(i -> array.add(builders.createObjectBuilder().add("name", i.name())
                        .add("version", i.version()).add("type", i.type())));
        return wrap("inventory", array);
    }

    byte[] bundles(List<BundleEntry> bundles) {
        JsonArrayBuilder array = builders.createArrayBuilder();
        bundles.forEach(b -> array.add(bundle(b)));
        return wrap("bundles", array);
    }

    /**
     * @param signedById whether a bundle of a package is signed, by framework id ({@code -1}: missing)
     */
    byte[] deploymentPackages(List<PackageInfo> packages, LongPredicate signedById) {
        JsonArrayBuilder array = builders.createArrayBuilder();
        for (PackageInfo p : packages) {
            JsonArrayBuilder contained = builders.createArrayBuilder();
            for (PackageInfo.BundleInfo b : p.bundles()) {
                contained.add(bundle(new BundleEntry(b.symbolicName(), b.version(), b.id(), b.state(),
                        b.id() >= 0 && signedById.test(b.id()))));
            }
            array.add(builders.createObjectBuilder().add("name", p.name()).add("version", p.version())
                    .add("signed", p.signed()).add("bundles", contained));
        }
        return wrap("deploymentPackages", array);
    }

    byte[] systemPackages(List<SystemPackage> packages) {
        JsonArrayBuilder array = builders.createArrayBuilder();
        packages.forEach(p -> array.add(builders.createObjectBuilder().add("name", p.name())
                .add("version", p.version()).add("type", p.type())));
        return wrap("systemPackages", array);
    }

    /**
     * @param body the request body, UTF-8 JSON {@code {"name":"…","version":"…"}}; other members are ignored
     * @throws BadRequestException if the body is missing, not a JSON object, or has no string {@code name}
     */
    BundleSelector selector(byte @Nullable [] body) throws BadRequestException {
        if (body == null || body.length == 0) {
            throw new BadRequestException("the body must be {\"name\":\"<symbolic name>\",\"version\":\"<optional>\"}");
        }
        JsonObject object;
        try (var reader = readers.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new BadRequestException("the body must be a JSON object with a \"name\"");
            }
            object = value.asJsonObject();
        } catch (JsonException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getMessage());
        }
        String name = string(object, "name");
        if (name == null || name.isBlank()) {
            throw new BadRequestException("the body needs a string \"name\" (a bundle symbolic name)");
        }
        String version = string(object, "version");
        return new BundleSelector(name, version == null || version.isBlank() ? null : version);
    }

    private static @Nullable String string(JsonObject object, String key) throws BadRequestException {
        JsonValue v = object.get(key);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new BadRequestException("\"" + key + "\" must be a string");
        }
        return s.getString();
    }

    private JsonObjectBuilder bundle(BundleEntry b) {
        return builders.createObjectBuilder().add("name", b.name()).add("version", b.version()).add("id", b.id())
                .add("state", b.state()).add("signed", b.signed());
    }

    private byte[] wrap(String key, JsonArrayBuilder array) {
        return builders.createObjectBuilder().add(key, array).build().toString().getBytes(StandardCharsets.UTF_8);
    }
}
