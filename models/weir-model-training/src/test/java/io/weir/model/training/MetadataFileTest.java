// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MetadataFileTest {

    @Test
    void plainEntriesAreWrittenAsTheyAre() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a.b", "x,y=z: w");
        m.put("c", "");

        assertThat(MetadataFile.format("comment", m)).isEqualTo("# comment\na.b=x,y=z: w\nc=\n");
    }

    @Test
    void awkwardCharactersRoundTripThroughBothLoadMethods() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("key with = and : and #!", " leading space, back\\slash\ttab\nnewline, é ü ∑");
        m.put("!bang", "#hash");
        String text = MetadataFile.format("c", m);

        assertThat(text.chars()).allMatch(c -> c == '\n' || c >= 0x20 && c <= 0x7e);
        Properties fromReader = new Properties();
        fromReader.load(new StringReader(text));
        Properties fromStream = new Properties();
        fromStream.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(new HashMap<>(fromReader)).isEqualTo(m);
        assertThat(new HashMap<>(fromStream)).isEqualTo(m);
    }
}
