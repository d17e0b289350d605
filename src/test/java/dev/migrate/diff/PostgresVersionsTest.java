package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.support.PostgresVersions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The catalog reader, the differ and the generated SQL on PostgreSQL 12, 13, 14, 16 and 17 (the local server is
 * 15): the whole catalogue of changes, the normalisation cases and a share of the property test on each version.
 */
class PostgresVersionsTest {

    static Stream<String> versions() {
        return PostgresVersions.versions().stream();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void theCatalogueRunsOnEachVersion(String version) throws Exception {
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        try (RoundTrip rt = new RoundTrip(PostgresVersions.adminUrl(version))) {
            int ran = 0;
            for (var args : PostgresCatalogueTest.cases().toList()) {
                Object[] a = args.get();
                String name = (String) a[0];
                @SuppressWarnings("unchecked") List<String> renames = (List<String>) a[3];
                try {
                    RoundTrip.Result r = rt.check(forVersion((String) a[1], major), forVersion((String) a[2], major), renames);
                    assertFalse(r.up().isEmpty(), name);
                } catch (AssertionError | Exception e) {
                    throw new AssertionError("PostgreSQL " + version + ", case \"" + name + "\": " + e.getMessage(), e);
                }
                ran++;
            }
            assertEquals(PostgresCatalogueTest.cases().count(), ran);
        }
    }

    /**
     * A case written for the local server, in the terms of an older one: {@code gen_random_uuid()} is built in from
     * PostgreSQL 13 (before, it comes with pgcrypto), so on 12 the case keeps its point, a uuid column with a function
     * default, through another function.
     */
    static String forVersion(String sql, int major) {
        return major < 13 ? sql.replace("gen_random_uuid()", "md5(random()::text)::uuid") : sql;
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void normalisationOnEachVersion(String version) throws Exception {
        try (RoundTrip rt = new RoundTrip(PostgresVersions.adminUrl(version))) {
            for (String[] same : NormalisationTest.SAME) {
                Catalog first = rt.catalogOf(same[0]);
                for (int i = 1; i < same.length; i++) {
                    assertEquals(List.of(), Differ.diff(first, rt.catalogOf(same[i])), "PostgreSQL " + version + ": " + same[0] + " vs " + same[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void randomMutationsOnEachVersion(String version) throws Exception {
        PropertyTest.run(PostgresVersions.adminUrl(version), 200, PropertyTest.SEED + version.hashCode());
    }
}
