package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The same schema written several ways reads back as the same catalog, because the server normalises it: the diff
 * is empty. And a schema that really differs does not (the assertion can fail).
 */
class NormalisationTest {

    /** Each row: ways of writing one schema. */
    static final String[][] SAME = {
            {"CREATE TABLE t (id serial PRIMARY KEY);",
                    "CREATE SEQUENCE t_id_seq AS integer; CREATE TABLE t (id integer NOT NULL DEFAULT nextval('t_id_seq'::regclass), "
                            + "CONSTRAINT t_pkey PRIMARY KEY (id)); ALTER SEQUENCE t_id_seq OWNED BY t.id;"},
            {"CREATE TABLE t (a varchar(200), b int, c int4, d bool, e timestamptz, f decimal(10,2));",
                    "CREATE TABLE t (a character varying(200), b integer, c integer, d boolean, e timestamp with time zone, f numeric(10,2));"},
            {"CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE t (s status DEFAULT 'new');",
                    "CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE t (s status DEFAULT 'new'::status);"},
            {"CREATE TABLE t (n int CHECK (n >= 0));", "CREATE TABLE t (n int, CONSTRAINT n_not_negative CHECK ((n >= 0)));"},
            {"CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int REFERENCES p);",
                    "CREATE TABLE p (id int, CONSTRAINT pk_p PRIMARY KEY (id)); CREATE TABLE c (p_id int, CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id));"},
            {"CREATE TABLE t (email text); CREATE INDEX ON t (lower(email));",
                    "CREATE TABLE t (email text); CREATE INDEX ix_t_lower_email ON public.t USING btree (lower(email));"},
            {"CREATE TABLE t (a text UNIQUE);", "CREATE TABLE t (a text); ALTER TABLE t ADD CONSTRAINT uq_a UNIQUE (a);"},
            {"CREATE TABLE t (s varchar(10) CHECK (s IN ('a', 'b')));", "CREATE TABLE t (s varchar(10) CHECK (s = ANY (ARRAY['a'::varchar, 'b'::varchar])));"},
            {"create table T (ID int not null default 0);", "CREATE TABLE t (id integer DEFAULT 0 NOT NULL);"},
    };

    static RoundTrip rt;

    @BeforeAll
    static void start() {
        rt = new RoundTrip(PostgresServer.adminUrl());
    }

    @AfterAll
    static void stop() {
        rt.close();
    }

    @Test
    void theSameSchemaWrittenSeveralWaysHasNoDifference() throws Exception {
        for (String[] same : SAME) {
            Catalog first = rt.catalogOf(same[0]);
            for (int i = 1; i < same.length; i++) {
                assertEquals(List.of(), Differ.diff(first, rt.catalogOf(same[i])), same[0] + "  vs  " + same[i]);
            }
        }
    }

    @Test
    void aRealDifferenceIsSeen() throws Exception {
        assertNotEquals(List.of(), Differ.diff(rt.catalogOf("CREATE TABLE t (a varchar(200));"), rt.catalogOf("CREATE TABLE t (a varchar(201));")));
        assertNotEquals(List.of(), Differ.diff(rt.catalogOf("CREATE TABLE t (n int CHECK (n >= 0));"), rt.catalogOf("CREATE TABLE t (n int CHECK (n > 0));")));
    }
}
