// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Strict reading of JSON bodies (UTF-8, one value) with messages that name what is wrong. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonValue parse(byte[] body, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not UTF-8", e);
        }
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readValue();
        } catch (JsonException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    static JsonObject object(JsonValue v, String what) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(what + " is " + v.getValueType() + ", not an object");
    }

    static JsonArray array(JsonObject o, String key, String what) {
        JsonValue v = o.get(key);
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new IllegalArgumentException(what + (v == null ? " has no \"" + key + "\""
                : ": \"" + key + "\" is " + v.getValueType() + ", not an array"));
    }

    static String string(JsonObject o, String key, String what) {
        JsonValue v = o.get(key);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(what + (v == null ? " has no \"" + key + "\""
                : ": \"" + key + "\" is " + v.getValueType() + ", not a string"));
    }

    static @Nullable String optString(JsonObject o, String key, String what) {
        JsonValue v = o.get(key);
        return v == null || v == JsonValue.NULL ? null : string(o, key, what);
    }

    static long integer(JsonObject o, String key, String what) {
        JsonValue v = o.get(key);
        if (v instanceof JsonNumber n && n.isIntegral()) {
            return n.longValueExact();
        }
        throw new IllegalArgumentException(what + (v == null ? " has no \"" + key + "\""
                : ": \"" + key + "\" is " + v + ", not an integer"));
    }

    static boolean bool(JsonObject o, String key, boolean dflt, String what) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return dflt;
        }
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        throw new IllegalArgumentException(what + ": \"" + key + "\" is " + v + ", not a boolean");
    }

    static List<JsonObject> objects(JsonArray a, String what) {
        List<JsonObject> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(object(a.get(i), what + " #" + (i + 1)));
        }
        return out;
    }

    static byte[] bytes(JsonValue v) {
        return v.toString().getBytes(StandardCharsets.UTF_8);
    }
}
