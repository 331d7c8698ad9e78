// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PropertyTest {

    @Test
    void everyTypeParsesStrictly() {
        assertThat(PropertyType.LONG.parse(" 12 ")).isEqualTo(12L);
        assertThat(PropertyType.INTEGER.parse("-3")).isEqualTo(-3);
        assertThat(PropertyType.SHORT.parse("7")).isEqualTo((short) 7);
        assertThat(PropertyType.BYTE.parse("7")).isEqualTo((byte) 7);
        assertThat(PropertyType.DOUBLE.parse("1.5")).isEqualTo(1.5);
        assertThat(PropertyType.FLOAT.parse("1.5")).isEqualTo(1.5f);
        assertThat(PropertyType.BOOLEAN.parse("false")).isEqualTo(false);
        assertThat(PropertyType.CHAR.parse("x")).isEqualTo('x');
        assertThat(PropertyType.STRING.parse(" a ")).isEqualTo(" a ");
        assertThat(PropertyType.PASSWORD.parse("p")).isEqualTo("p");
        assertThatThrownBy(() -> PropertyType.BYTE.parse("300")).hasMessageContaining("not a valid Byte");
        assertThatThrownBy(() -> PropertyType.BOOLEAN.parse("yes")).hasMessageContaining("Boolean");
        assertThatThrownBy(() -> PropertyType.CHAR.parse("xy")).hasMessageContaining("Char");
        assertThatThrownBy(() -> PropertyType.INTEGER.parse("1.5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreReadInBothNotations() {
        assertThat(PropertyType.fromName("Integer")).isEqualTo(PropertyType.INTEGER);
        assertThat(PropertyType.fromName("PASSWORD")).isEqualTo(PropertyType.PASSWORD);
        assertThat(PropertyType.fromName("Character")).isEqualTo(PropertyType.CHAR);
        assertThat(PropertyType.fromName("Complex")).isNull();
        assertThat(PropertyType.CHAR.esfName()).isEqualTo("Char");
        assertThat(PropertyType.CHAR.jsonName()).isEqualTo("CHAR");
    }

    @Test
    void storedValuesOfAnyShapeAreRead() {
        Property p = Property.fromStored(new int[] { 1, 2 }, PropertyType.INTEGER);
        assertThat(p.array()).isTrue();
        assertThat(p.values()).containsExactly(1, 2);
        Property fromCollection = Property.fromStored(List.of(1L, 2L), PropertyType.INTEGER);
        assertThat(fromCollection.values()).containsExactly(1, 2);
        Property converted = Property.fromStored(5L, PropertyType.INTEGER);
        assertThat(converted).isEqualTo(Property.scalar(PropertyType.INTEGER, 5));
        Property inferred = Property.fromStored("not a number", PropertyType.INTEGER);
        assertThat(inferred.type()).isEqualTo(PropertyType.STRING);
        assertThat(Property.fromStored(true, null).type()).isEqualTo(PropertyType.BOOLEAN);
    }

    @Test
    void arraysAreStoredAsWrapperArraysAndPasswordsAreMasked() {
        Property p = new Property(PropertyType.SHORT, true, List.of((short) 1, (short) 2));
        assertThat(p.toStored()).isInstanceOf(Short[].class);
        Property pw = new Property(PropertyType.PASSWORD, true, List.of("a", "b"));
        assertThat(pw.masked().values()).containsExactly("placeholder", "placeholder");
        assertThat(Property.scalar(PropertyType.STRING, "a").masked().values()).containsExactly("a");
    }
}
