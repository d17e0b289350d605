package dev.migrate.cli;

import dev.migrate.support.JsonReader;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON writer: exact text for escapes and layout, and a round trip through a strict reader. */
class JsonTest {

    /** The text of one string value. */
    static String str(String s) {
        return Json.write(s);
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"say \\\"hi\\\"\"", str("say \"hi\""));
        assertEquals("\"C:\\\\dir\\\\file\"", str("C:\\dir\\file"));
        assertEquals("\"a/b\"", str("a/b"), "a solidus needs no escape");
        assertEquals("\"\"", str(""));
    }

    @Test
    void everyControlCharacterIsEscaped() {
        assertEquals("\"\\n\\r\\t\\b\\f\"", str("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u0001\\u001f\\u000b\"", str("\u0000\u0001\u001f\u000b"));
        for (char c = 0; c < 0x20; c++) {
            String text = str("x" + c + "y");
            assertTrue(text.matches("\"x\\\\(u00[01][0-9a-f]|[nrtbf])y\""), "U+" + (int) c + " -> " + text);
            assertEquals("x" + c + "y", JsonReader.parse(text), "U+" + (int) c);
        }
        assertEquals("\"\\u007f\"", str("\u007f"));
    }

    @Test
    void nonAsciiIsEscapedAndNonBmpAsASurrogatePair() {
        assertEquals("\"caf\\u00e9\"", str("café"));
        assertEquals("\"\\u2028\\u2029\"", str("\u2028\u2029"), "line separators, which break JavaScript");
        assertEquals("\"\\u65e5\\u672c\"", str("日本"));
        String grinning = new String(Character.toChars(0x1F600));
        assertEquals("\"\\ud83d\\ude00\"", str(grinning));
        assertEquals(grinning, JsonReader.parse(str(grinning)));
        assertEquals(0x1F600, ((String) JsonReader.parse(str(grinning))).codePointAt(0));
        assertEquals("\"\\ud800x\"", str("\ud800x"), "a lone surrogate survives as an escape instead of becoming '?'");
    }

    @Test
    void outputIsPureAscii() {
        String text = Json.write(Json.object().put("k\u00fc", List.of("\u00e9\u4e2d\ud83d\ude00\u0000", "\u007f")));
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'), text);
    }

    @Test
    void numbersBooleansAndNull() {
        assertEquals("0", Json.write(0));
        assertEquals("-42", Json.write(-42));
        assertEquals("9223372036854775807", Json.write(Long.MAX_VALUE));
        assertEquals("123456789012345678901234567890", Json.write(new BigInteger("123456789012345678901234567890")));
        assertEquals("1.5", Json.write(1.5));
        assertEquals("1.0E20", Json.write(1e20));
        assertEquals(1e20, JsonReader.parse(Json.write(1e20)));
        assertEquals("0.001", Json.write(new BigDecimal("0.001")));
        assertEquals("true", Json.write(true));
        assertEquals("false", Json.write(false));
        assertEquals("null", Json.write(null));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    }

    @Test
    void nestedObjectsAndArraysKeepOrderAndLayout() {
        Json.Obj doc = Json.object()
                .put("format", 1)
                .put("z", "last?")
                .put("a", List.of("x", "y"))
                .put("empty_list", List.of())
                .put("empty_object", Json.object())
                .put("nothing", null)
                .put("rows", List.of(Json.object().put("n", 1).put("ok", true), Json.object()));
        assertEquals("""
                {
                  "format": 1,
                  "z": "last?",
                  "a": ["x", "y"],
                  "empty_list": [],
                  "empty_object": {},
                  "nothing": null,
                  "rows": [
                    {
                      "n": 1,
                      "ok": true
                    },
                    {}
                  ]
                }""", Json.write(doc));
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) JsonReader.parse(Json.write(doc));
        assertEquals(List.of("format", "z", "a", "empty_list", "empty_object", "nothing", "rows"), new ArrayList<>(back.keySet()));
        assertEquals(1L, back.get("format"));
        assertTrue(back.containsKey("nothing") && back.get("nothing") == null);
        assertEquals(List.of(Map.of("n", 1L, "ok", true), Map.of()), back.get("rows"));
    }

    @Test
    void mapsSetsAndNestedArraysAreValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", Set.of("only"));
        m.put("matrix", List.of(List.of(1, 2), List.of()));
        assertEquals(Map.of("labels", List.of("only"), "matrix", List.of(List.of(1L, 2L), List.of())), JsonReader.parse(Json.write(m)));
    }

    @Test
    void roundTripOfAwkwardStrings() {
        List<String> awkward = List.of("", "\"", "\\", "\\\"", "\u0000", "tab\there", "crlf\r\n", "</script>", "\u00ff\u0100",
                "\ufeff", "\uffff", new String(Character.toChars(0x10FFFF)), "mixed \"q\" \\ \u0007 \ud83d\ude80 end");
        for (String s : awkward) {
            assertEquals(s, JsonReader.parse(Json.write(s)), () -> "round trip of " + Json.write(s));
        }
        assertEquals(awkward, JsonReader.parse(Json.write(awkward)));
    }

    @Test
    void somethingThatIsNoJsonValueIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(java.nio.file.Path.of("a")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.object().put("a", 1).put("a", 2));
    }

    @Test
    void theStrictReaderRejectsWhatALenientOneWouldAccept() {
        for (String bad : List.of("\"a\u0001b\"", "\"a\nb\"", "\"\\x\"", "\"\\u12\"", "01", "1.", ".5", "+1", "{\"a\":1,\"a\":2}",
                "[1,]", "{} x", "\u00a0[]", "\"unterminated")) {
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
    }
}
