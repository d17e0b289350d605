package dev.migrate.graph;

/**
 * The relative part of a target ({@code +2}, {@code ab12-1}, {@code label@+1}), parsed as Alembic's
 * {@code _relative_destination} regex {@code (?:(.+?)@)?(\w+)?((?:\+|-)\d+)} does with
 * {@code re.match} (anchored at the start only). Written out by hand: the graph needs nothing
 * beyond {@code java.util}.
 *
 * @param branch   the label before {@code @}, or {@code null}
 * @param symbol   the revision or symbol before the sign, or {@code null}
 * @param relative the signed number as written, e.g. {@code "+2"}
 * @param steps    that number
 */
record RelativeTarget(String branch, String symbol, String relative, Count steps) {

    /**
     * A signed whole number as Python prints and counts it. Walks never need more steps than
     * there are revisions, so {@link #abs()} saturates instead of overflowing; {@link #toString()}
     * keeps every digit for messages.
     *
     * @param negative whether the value is below zero (never true for zero)
     * @param digits   the absolute value in decimal, without leading zeros
     */
    record Count(boolean negative, String digits) {
        static Count parse(boolean negative, String anyDigits) {
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < anyDigits.length(); i += Character.charCount(anyDigits.codePointAt(i))) {
                ascii.append((char) ('0' + Character.digit(anyDigits.codePointAt(i), 10)));
            }
            String digits = ascii.toString().replaceFirst("^0+(?=.)", "");
            return new Count(negative && !digits.equals("0"), digits);
        }

        int signum() {
            return digits.equals("0") ? 0 : negative ? -1 : 1;
        }

        /** The absolute value, capped at {@link Long#MAX_VALUE}. */
        long abs() {
            return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        }

        /** As Python's {@code "%s" % n}: {@code -5}, {@code 0}, {@code 12}. */
        @Override
        public String toString() {
            return negative ? "-" + digits : digits;
        }
    }

    /** Matches at the start of {@code s}, or returns {@code null}. */
    static RelativeTarget match(String s) {
        // The optional "label@" group is tried first, with the shortest label that lets the rest
        // match; "." does not match a newline.
        for (int at = s.indexOf('@'); at > 0; at = s.indexOf('@', at + 1)) {
            if (s.substring(0, at).indexOf('\n') >= 0) {
                break;
            }
            RelativeTarget rest = matchRest(s, at + 1, s.substring(0, at));
            if (rest != null) {
                return rest;
            }
        }
        return matchRest(s, 0, null);
    }

    private static RelativeTarget matchRest(String s, int from, String branch) {
        int i = from;
        while (i < s.length() && isWord(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        // (\w+)? is greedy, and backtracking to a shorter symbol would leave a word character
        // where the sign must be, so only the longest symbol can match.
        String symbol = i > from ? s.substring(from, i) : null;
        if (i >= s.length() || (s.charAt(i) != '+' && s.charAt(i) != '-')) {
            return null;
        }
        int j = i + 1;
        while (j < s.length() && Character.isDigit(s.codePointAt(j))) {
            j += Character.charCount(s.codePointAt(j));
        }
        if (j == i + 1) {
            return null;
        }
        return new RelativeTarget(branch, symbol, s.substring(i, j),
                Count.parse(s.charAt(i) == '-', s.substring(i + 1, j)));
    }

    /** Python's {@code \w} on a str: letters, digits, numbers and the underscore. */
    private static boolean isWord(int cp) {
        if (cp == '_' || Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /**
     * Python's {@code int(s)}, as {@code get_revisions} uses it to spot {@code -N}: surrounding
     * whitespace, an optional sign, digits with single underscores between them. {@code null} if
     * {@code s} is not a number.
     */
    static Count pythonInt(String s) {
        String t = s.strip();
        int start = !t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        StringBuilder digits = new StringBuilder();
        boolean lastWasDigit = false;
        for (int i = start; i < t.length(); i += Character.charCount(t.codePointAt(i))) {
            int cp = t.codePointAt(i);
            if (cp == '_' && lastWasDigit) {
                lastWasDigit = false;
            } else if (Character.isDigit(cp)) {
                digits.appendCodePoint(cp);
                lastWasDigit = true;
            } else {
                return null;
            }
        }
        return lastWasDigit ? Count.parse(t.charAt(0) == '-', digits.toString()) : null;
    }
}
