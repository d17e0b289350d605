package dev.migrate.cli;

import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** {@code --dialect}: the SQL an offline script is written in, {@code postgresql} or {@code sqlite}, in any case. */
final class DialectName {
    private DialectName() { }

    static final List<String> NAMES = List.of("postgresql", "sqlite");

    static final class Converter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("postgres")) v = "postgresql";
            if (!NAMES.contains(v)) throw new CommandLine.TypeConversionException("'" + value + "' is not one of postgresql, sqlite");
            return v;
        }
    }

    /** What shell completion offers. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return NAMES.iterator();
        }
    }
}
