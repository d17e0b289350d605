package dev.migrate.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written matcher against Alembic's regex {@code (?:(.+?)@)?(\w+)?((?:\+|-)\d+)} with
 * {@code re.match}, and Python's {@code int()}; every expected value was printed by Python 3.
 */
class RelativeTargetTest {

    static Stream<Arguments> regex() {
        return Stream.of(
                Arguments.of("+2", null, null, "+2", "2"),
                Arguments.of("-1", null, null, "-1", "-1"),
                Arguments.of("ab12+3", null, "ab12", "+3", "3"),
                Arguments.of("ab12-1", null, "ab12", "-1", "-1"),
                Arguments.of("lbl@+1", "lbl", null, "+1", "1"),
                Arguments.of("lbl@-2", "lbl", null, "-2", "-2"),
                Arguments.of("lbl@ab12+1", "lbl", "ab12", "+1", "1"),
                Arguments.of("a@b@c-1", "a@b", "c", "-1", "-1"),
                Arguments.of("@-1", null, null, null, null),
                Arguments.of("@head-1", null, null, null, null),
                Arguments.of("head-1", null, "head", "-1", "-1"),
                Arguments.of("base+2", null, "base", "+2", "2"),
                Arguments.of("c2branch@head-1", "c2branch", "head", "-1", "-1"),
                Arguments.of("x+", null, null, null, null),
                Arguments.of("-x", null, null, null, null),
                Arguments.of("ab", null, null, null, null),
                Arguments.of("ab12", null, null, null, null),
                Arguments.of("a-b-1", null, null, null, null),
                Arguments.of("a+1b", null, "a", "+1", "1"),
                Arguments.of("\u00e91+2", null, "\u00e91", "+2", "2"),
                Arguments.of("a b+1", null, null, null, null),
                Arguments.of("l\n@x+1", null, null, null, null),
                Arguments.of("+0", null, null, "+0", "0"),
                Arguments.of("-05", null, null, "-05", "-5"),
                Arguments.of("lbl@", null, null, null, null),
                Arguments.of("a@+\u0663", "a", null, "+\u0663", "3"),
                Arguments.of("+99999999999999999999999", null, null, "+99999999999999999999999",
                        "99999999999999999999999"));
    }

    @ParameterizedTest
    @MethodSource("regex")
    void matchesLikePythonsRegex(String target, String branch, String symbol, String relative, String value) {
        RelativeTarget m = RelativeTarget.match(target);
        if (relative == null) {
            assertNull(m);
            return;
        }
        assertEquals(branch, m.branch());
        assertEquals(symbol, m.symbol());
        assertEquals(relative, m.relative());
        assertEquals(value, m.steps().toString());
    }

    static Stream<Arguments> ints() {
        return Stream.of(Arguments.of(" -1", "-1"), Arguments.of("-1_0", "-10"), Arguments.of("1__0", null),
                Arguments.of("+3", "3"), Arguments.of("\u0663", "3"), Arguments.of("-", null), Arguments.of("", null),
                Arguments.of(" 12 ", "12"), Arguments.of("_1", null), Arguments.of("1_", null),
                Arguments.of("ab12", null), Arguments.of("-0", "0"));
    }

    @ParameterizedTest
    @MethodSource("ints")
    void readsNumbersLikePythonsInt(String text, String value) {
        RelativeTarget.Count n = RelativeTarget.pythonInt(text);
        assertEquals(value, n == null ? null : n.toString());
    }
}
