package osgres.sql.internal.utils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import osgres.api.PgException;

class JsonValueTest {
    private static String jsonb(String text) {
        return JsonValue.jsonbText(JsonParser.parseJsonb(text));
    }

    @Test
    void jsonbOutputSortsKeysByLengthThenBytesAndTheLastDuplicateWins() {
        assertThat(jsonb("{\"bb\":1, \"a\":[1, 2.50, \"x\"], \"c\":true, \"a\":null}"))
                .isEqualTo("{\"a\": null, \"c\": true, \"bb\": 1}");
        assertThat(jsonb("1e2")).isEqualTo("100");
        assertThat(jsonb("[ ]")).isEqualTo("[]");
        assertThat(jsonb("\"\\u00e9\\n\\\"\"")).isEqualTo("\"é\\n\\\"\"");
    }

    @Test
    void badInputGivesPostgresDetailAndContext() {
        assertThatThrownBy(() -> JsonParser.parse("{\"a\":1 \"b\"}", false)).isInstanceOfSatisfying(
                PgException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22P02");
                    assertThat(e.getMessage()).isEqualTo("invalid input syntax for type json");
                    assertThat(e.detail()).isEqualTo("Expected \",\" or \"}\", but found \"\"b\"\".");
                    assertThat(e.context()).isEqualTo("JSON data, line 1: {\"a\":1 \"b\"...");
                });
        assertThatThrownBy(() -> JsonParser.parse("[1,", false)).isInstanceOfSatisfying(PgException.class,
                e -> assertThat(e.detail()).isEqualTo("The input string ended unexpectedly."));
        assertThatThrownBy(() -> JsonParser.parse("\"\\u0000\"", true)).isInstanceOfSatisfying(PgException.class,
                e -> assertThat(e.sqlState()).isEqualTo("22P05"));
    }

    @Test
    void orderIsCompareJsonbContainers() {
        List<String> sorted = new ArrayList<>(List.of("{\"a\":1,\"b\":2}", "{\"a\":1}", "[1,2]", "[]", "null",
                "\"s\"", "1", "true", "[3]"));
        sorted.sort((a, b) -> JsonValue.compare(JsonParser.parseJsonb(a), JsonParser.parseJsonb(b)));
        assertThat(sorted).containsExactly("[]", "null", "\"s\"", "1", "true", "[3]", "[1,2]", "{\"a\":1}",
                "{\"a\":1,\"b\":2}");
    }

    @Test
    void containmentIsJsonbDeepContains() {
        assertThat(JsonValue.contains(JsonParser.parseJsonb("{\"a\":[1,2],\"b\":1}"),
                JsonParser.parseJsonb("{\"a\":[2]}"))).isTrue();
        assertThat(JsonValue.contains(JsonParser.parseJsonb("[1,2]"), JsonParser.parseJsonb("1"))).isTrue();
        assertThat(JsonValue.contains(JsonParser.parseJsonb("1"), JsonParser.parseJsonb("[1]"))).isFalse();
    }
}
