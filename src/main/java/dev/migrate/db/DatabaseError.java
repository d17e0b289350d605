package dev.migrate.db;

import java.util.Optional;

/**
 * What the database said about a statement it refused, field by field, as {@link Dialect#error} reads it from the
 * driver's exception. PostgreSQL fills what applies of its error fields; SQLite gives a message only.
 *
 * @param sqlState         the SQLSTATE; null when the driver gives none
 * @param message          the primary message, without the driver's decorations
 * @param detail           PostgreSQL's DETAIL ({@code Key (id)=(1) already exists.}); null when none
 * @param hint             PostgreSQL's HINT; null when none
 * @param position         where in the statement the error was found: a 1-based character (code point) index, as
 *                         the server counts; 0 when not known
 * @param internalPosition the same, within {@code internalQuery}; 0 when not known
 * @param internalQuery    the query that failed inside a function or {@code DO} block, as PL/pgSQL ran it; null when none
 * @param where            the context: the call stack of functions and {@code DO} blocks, one per line; null when none
 */
public record DatabaseError(String sqlState, String message, String detail, String hint, int position,
                            int internalPosition, String internalQuery, String where) {

    public DatabaseError {
        message = message == null ? "" : message;
        detail = blankToNull(detail);
        hint = blankToNull(hint);
        internalQuery = blankToNull(internalQuery);
        where = blankToNull(where);
        position = Math.max(0, position);
        internalPosition = Math.max(0, internalPosition);
    }

    /** An error known only by its state and message (SQLite's, or one migrate makes itself). */
    public static DatabaseError of(String sqlState, String message) {
        return new DatabaseError(sqlState, message, null, null, 0, 0, null, null);
    }

    /** The same error with another primary message (prefixed with the operation that failed, for instance). */
    public DatabaseError withMessage(String newMessage) {
        return new DatabaseError(sqlState, newMessage, detail, hint, position, internalPosition, internalQuery, where);
    }

    /**
     * The message with what else the database said, one field a line, as psql labels them: {@code DETAIL:},
     * {@code HINT:}, {@code QUERY:}, {@code CONTEXT:}. For the audit log, where the statement is kept beside it.
     */
    public String fullMessage() {
        StringBuilder b = new StringBuilder(message);
        if (detail != null) b.append("\nDETAIL: ").append(detail);
        if (hint != null) b.append("\nHINT: ").append(hint);
        if (internalQuery != null) b.append("\nQUERY: ").append(internalQuery);
        if (where != null) b.append("\nCONTEXT: ").append(where);
        return b.toString();
    }

    /** Where {@link #position} points in {@code statement}, the text the database was sent; empty when not known. */
    public Optional<Pointer> pointer(String statement) {
        return Pointer.at(statement, position);
    }

    /** Where {@link #internalPosition} points in {@link #internalQuery}; empty when not known. */
    public Optional<Pointer> internalPointer() {
        return Pointer.at(internalQuery, internalPosition);
    }

    /**
     * A position in a text, as a line and column.
     *
     * @param line   the 1-based line of the text the position is on
     * @param column the 1-based column on that line, in characters (code points); one past its end for an error at
     *               the end of the text
     * @param text   that line, without its line break
     */
    public record Pointer(int line, int column, String text) {

        /**
         * Where the 1-based code point index {@code position} falls in {@code text}, counting line breaks as the script
         * splitter does (LF, CRLF, a lone CR); empty when there is no position or no text. A position past the end
         * (the server counted a text the driver had rewritten) points just past the end.
         */
        public static Optional<Pointer> at(String text, int position) {
            if (text == null || text.isEmpty() || position < 1) return Optional.empty();
            int line = 1;
            int lineStart = 0;
            int i = 0;
            // Step over the position-1 code points before the one the position names.
            for (int n = 1; n < position && i < text.length(); n++) {
                char c = text.charAt(i);
                i += Character.charCount(text.codePointAt(i));
                if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
                    line++;
                    lineStart = i;
                }
            }
            int lineEnd = lineStart;
            while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') lineEnd++;
            String lineText = text.substring(lineStart, lineEnd);
            int column = text.codePointCount(lineStart, Math.min(i, lineEnd)) + 1;
            return Optional.of(new Pointer(line, column, lineText));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
