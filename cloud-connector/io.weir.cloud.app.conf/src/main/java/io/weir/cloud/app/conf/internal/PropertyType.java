// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.osgi.service.metatype.AttributeDefinition;

/**
 * The ten configuration property types of the management protocol, with their esf XML names ({@code Integer}),
 * their CONF-V2 JSON names ({@code INTEGER}) and the Java type Config Admin stores. Parsing is strict: a value that
 * does not fit the type is an error, never silently truncated.
 */
enum PropertyType {
    STRING("String", AttributeDefinition.STRING),
    LONG("Long", AttributeDefinition.LONG),
    DOUBLE("Double", AttributeDefinition.DOUBLE),
    FLOAT("Float", AttributeDefinition.FLOAT),
    INTEGER("Integer", AttributeDefinition.INTEGER),
    BYTE("Byte", AttributeDefinition.BYTE),
    CHAR("Char", AttributeDefinition.CHARACTER),
    BOOLEAN("Boolean", AttributeDefinition.BOOLEAN),
    SHORT("Short", AttributeDefinition.SHORT),
    PASSWORD("Password", AttributeDefinition.PASSWORD);

    private final String esfName;
    private final int adType;

    PropertyType(String esfName, int adType) {
        this.esfName = esfName;
        this.adType = adType;
    }

    /** @return the name in esf XML and metatype XML, for example {@code Integer} */
    String esfName() {
        return esfName;
    }

    /** @return the name in CONF-V2 JSON, for example {@code INTEGER} */
    String jsonName() {
        return name();
    }

    /**
     * @param name an esf or JSON type name, any case; {@code Character} is accepted for {@code Char}
     * @return the type, or {@code null} if the name is unknown
     */
    static @Nullable PropertyType fromName(@Nullable String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("CHARACTER")) {
            return CHAR;
        }
        for (PropertyType t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param adType an {@link AttributeDefinition} type constant
     * @return the matching type; the deprecated BIGINTEGER/BIGDECIMAL and unknown constants map to STRING
     */
    static PropertyType fromAttributeType(int adType) {
        for (PropertyType t : values()) {
            if (t.adType == adType) {
                return t;
            }
        }
        return STRING;
    }

    /**
     * @param value a Java value as Config Admin stores it (one element of an array)
     * @return the type that stores this Java class; STRING for anything else
     */
    static PropertyType ofJavaValue(Object value) {
        if (value instanceof Long) {
            return LONG;
        } else if (value instanceof Integer) {
            return INTEGER;
        } else if (value instanceof Short) {
            return SHORT;
        } else if (value instanceof Byte) {
            return BYTE;
        } else if (value instanceof Double) {
            return DOUBLE;
        } else if (value instanceof Float) {
            return FLOAT;
        } else if (value instanceof Boolean) {
            return BOOLEAN;
        } else if (value instanceof Character) {
            return CHAR;
        }
        return STRING;
    }

    /**
     * Parses one value in its text form.
     *
     * @param text the text, not {@code null}; numbers may have surrounding blanks
     * @return the Java value Config Admin stores for this type
     * @throws IllegalArgumentException if the text is not a valid value of this type
     */
    Object parse(String text) {
        String t = text.trim();
        try {
            return switch (this) {
                case STRING, PASSWORD -> text;
                case LONG -> Long.valueOf(t);
                case INTEGER -> Integer.valueOf(t);
                case SHORT -> Short.valueOf(t);
                case BYTE -> Byte.valueOf(t);
                case DOUBLE -> Double.valueOf(t);
                case FLOAT -> Float.valueOf(t);
                case BOOLEAN -> parseBoolean(t);
                case CHAR -> parseChar(text);
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a valid " + esfName, e);
        }
    }

    /**
     * Converts a stored value of any Java type to this type, through its text form.
     *
     * @param value a stored value
     * @return the value as this type
     * @throws IllegalArgumentException if it does not convert
     */
    Object convert(Object value) {
        if (ofJavaValue(value) == this || (this == PASSWORD && value instanceof String)) {
            return value;
        }
        return parse(String.valueOf(value));
    }

    /**
     * @param value a value of this type
     * @return its text form, as esf XML and Felix Metatype validation expect it
     */
    static String format(Object value) {
        return String.valueOf(value);
    }

    /** @return a new empty array of the Java element type Config Admin stores for this type */
    Object[] newArray(int length) {
        return switch (this) {
            case STRING, PASSWORD -> new String[length];
            case LONG -> new Long[length];
            case INTEGER -> new Integer[length];
            case SHORT -> new Short[length];
            case BYTE -> new Byte[length];
            case DOUBLE -> new Double[length];
            case FLOAT -> new Float[length];
            case BOOLEAN -> new Boolean[length];
            case CHAR -> new Character[length];
        };
    }

    private Boolean parseBoolean(String t) {
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        } else if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a valid Boolean");
    }

    private Character parseChar(String text) {
        if (text.length() != 1) {
            throw new IllegalArgumentException("not a valid Char (exactly one character expected)");
        }
        return text.charAt(0);
    }
}
