package dev.migrate.diff;

import dev.migrate.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of schema changes on PostgreSQL: for each, the generated upgrade runs and gives the target schema,
 * the generated downgrade runs and gives the original back, the online-safe form gives the target too, and a schema
 * diffed with itself is empty ({@link RoundTrip}).
 */
class PostgresCatalogueTest {

    static RoundTrip roundTrip;

    @BeforeAll
    static void databases() {
        roundTrip = new RoundTrip(PostgresServer.adminUrl());
    }

    @AfterAll
    static void drop() {
        roundTrip.close();
    }

    static final String USERS = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\n";
    static final String ORDERS = USERS + "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id), total numeric(10,2));\n";

    /** A case: its name, schema A, schema B, and rename hints. */
    static Arguments c(String name, String a, String b, String... renames) {
        return Arguments.of(name, a, b, List.of(renames));
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // tables
        c.add(c("add table", USERS, ORDERS));
        c.add(c("drop table", ORDERS, USERS));
        c.add(c("add table referencing an existing one", USERS, USERS + "CREATE TABLE notes (id int PRIMARY KEY, user_id bigint NOT NULL REFERENCES users ON DELETE CASCADE);"));
        c.add(c("drop two tables that reference each other", USERS + "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;", USERS));
        c.add(c("add two tables that reference each other", USERS, USERS + "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;"));
        c.add(c("rename table with a hint", ORDERS, ORDERS.replace("orders", "purchases"), "orders=purchases"));
        c.add(c("rename a referenced table with a hint", ORDERS, ORDERS.replace("users", "clients"), "users=clients"));
        c.add(c("add table comment", USERS, USERS + "COMMENT ON TABLE users IS 'people';"));
        c.add(c("change table comment", USERS + "COMMENT ON TABLE users IS 'people';", USERS + "COMMENT ON TABLE users IS 'who''s who';"));
        c.add(c("drop table comment", USERS + "COMMENT ON TABLE users IS 'people';", USERS));
        c.add(c("add unlogged table", USERS, USERS + "CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);"));
        c.add(c("add self-referencing table", USERS, USERS + "CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree);"));
        c.add(c("add table with quoted names", USERS, USERS + "CREATE TABLE \"Order Items\" (\"Id\" int PRIMARY KEY, \"select\" text);"));
        // columns
        c.add(c("add nullable column", USERS, USERS.replace("name text", "name text, nick text")));
        c.add(c("add NOT NULL column with a default", USERS, USERS.replace("name text", "name text, active boolean NOT NULL DEFAULT true")));
        c.add(c("drop column", USERS, USERS.replace(", name text", "")));
        c.add(c("rename column with a hint", USERS, USERS.replace("name text", "full_name text"), "users.name=full_name"));
        c.add(c("widen varchar", "CREATE TABLE t (v varchar(50));", "CREATE TABLE t (v varchar(100));"));
        c.add(c("narrow varchar", "CREATE TABLE t (v varchar(100));", "CREATE TABLE t (v varchar(50));"));
        c.add(c("int to bigint", "CREATE TABLE t (n int);", "CREATE TABLE t (n bigint);"));
        c.add(c("text to integer", "CREATE TABLE t (n text);", "CREATE TABLE t (n integer);"));
        c.add(c("set NOT NULL", USERS, USERS.replace("name text", "name text NOT NULL")));
        c.add(c("drop NOT NULL", USERS, USERS.replace("email text NOT NULL", "email text")));
        c.add(c("add default", USERS, USERS.replace("name text", "name text DEFAULT 'anon'")));
        c.add(c("change default", USERS.replace("name text", "name text DEFAULT 'a'"), USERS.replace("name text", "name text DEFAULT 'b'")));
        c.add(c("drop default", USERS.replace("name text", "name text DEFAULT 'a'"), USERS));
        c.add(c("default now() to CURRENT_TIMESTAMP", "CREATE TABLE t (at timestamptz DEFAULT now());", "CREATE TABLE t (at timestamptz DEFAULT CURRENT_TIMESTAMP);"));
        c.add(c("add column comment", USERS, USERS + "COMMENT ON COLUMN users.email IS 'login';"));
        c.add(c("change collation", "CREATE TABLE t (s text);", "CREATE TABLE t (s text COLLATE \"C\");"));
        c.add(c("add identity", "CREATE TABLE t (id int NOT NULL);", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);"));
        c.add(c("drop identity", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);", "CREATE TABLE t (id int NOT NULL);"));
        c.add(c("identity always to by default", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);"));
        c.add(c("identity options", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY);", "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5));"));
        c.add(c("add generated column", "CREATE TABLE t (a int, b int);", "CREATE TABLE t (a int, b int, s int GENERATED ALWAYS AS (a + b) STORED);"));
        c.add(c("change generated expression", "CREATE TABLE t (a int, b int, s int GENERATED ALWAYS AS (a + b) STORED);", "CREATE TABLE t (a int, b int, s int GENERATED ALWAYS AS (a * b) STORED);"));
        c.add(c("generated column to plain", "CREATE TABLE t (a int, s int GENERATED ALWAYS AS (a * 2) STORED);", "CREATE TABLE t (a int, s int);"));
        c.add(c("array column", "CREATE TABLE t (id int);", "CREATE TABLE t (id int, tags text[] NOT NULL DEFAULT '{}');"));
        c.add(c("add serial column", "CREATE TABLE t (a int);", "CREATE TABLE t (a int, id serial);"));
        c.add(c("drop serial column", "CREATE TABLE t (a int, id serial);", "CREATE TABLE t (a int);"));
        c.add(c("numeric precision", "CREATE TABLE t (n numeric(10,2));", "CREATE TABLE t (n numeric(12,2));"));
        c.add(c("timestamp to timestamptz", "CREATE TABLE t (at timestamp);", "CREATE TABLE t (at timestamptz);"));
        c.add(c("jsonb column with a default", "CREATE TABLE t (id int);", "CREATE TABLE t (id int, data jsonb NOT NULL DEFAULT '{}'::jsonb);"));
        c.add(c("uuid column with a function default", "CREATE TABLE t (id int);", "CREATE TABLE t (id int, u uuid DEFAULT gen_random_uuid());"));
        // constraints
        c.add(c("add primary key", "CREATE TABLE t (id int NOT NULL);", "CREATE TABLE t (id int PRIMARY KEY);"));
        c.add(c("drop primary key", "CREATE TABLE t (id int PRIMARY KEY);", "CREATE TABLE t (id int NOT NULL);"));
        c.add(c("change primary key columns", "CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a));", "CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b));"));
        c.add(c("add unique", USERS, USERS.replace("email text NOT NULL", "email text NOT NULL UNIQUE")));
        c.add(c("drop unique", USERS.replace("email text NOT NULL", "email text NOT NULL UNIQUE"), USERS));
        c.add(c("add unique over two columns", USERS, USERS + "ALTER TABLE users ADD CONSTRAINT users_email_name_key UNIQUE (email, name);"));
        c.add(c("add check", USERS, USERS + "ALTER TABLE users ADD CONSTRAINT email_has_at CHECK (position('@' in email) > 0);"));
        c.add(c("drop check", "CREATE TABLE t (n int CHECK (n > 0));", "CREATE TABLE t (n int);"));
        c.add(c("change check", "CREATE TABLE t (n int CONSTRAINT n_ok CHECK (n > 0));", "CREATE TABLE t (n int CONSTRAINT n_ok CHECK (n >= 0));"));
        c.add(c("check with an IN list on a varchar (printed in a form PostgreSQL stores differently)", "CREATE TABLE t (s varchar(10));",
                "CREATE TABLE t (s varchar(10) CHECK (s IN ('a', 'b')));"));
        c.add(c("add foreign key", ORDERS.replace(" REFERENCES users(id)", ""), ORDERS));
        c.add(c("drop foreign key", ORDERS, ORDERS.replace(" REFERENCES users(id)", "")));
        c.add(c("foreign key gets ON DELETE CASCADE", ORDERS, ORDERS.replace("REFERENCES users(id)", "REFERENCES users(id) ON DELETE CASCADE")));
        c.add(c("foreign key becomes deferrable", ORDERS, ORDERS.replace("REFERENCES users(id)", "REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED")));
        c.add(c("composite foreign key", "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE ch (a int, b int);",
                "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE ch (a int, b int, FOREIGN KEY (a, b) REFERENCES p ON UPDATE CASCADE);"));
        c.add(c("add exclusion constraint", "CREATE TABLE booking (id int, during tstzrange);",
                "CREATE TABLE booking (id int, during tstzrange, EXCLUDE USING gist (during WITH &&));"));
        c.add(c("not valid check becomes valid", "CREATE TABLE t (n int); ALTER TABLE t ADD CONSTRAINT n_pos CHECK (n > 0) NOT VALID;",
                "CREATE TABLE t (n int); ALTER TABLE t ADD CONSTRAINT n_pos CHECK (n > 0);"));
        c.add(c("foreign key to a new column of a new table", USERS, USERS.replace("name text", "name text, team_id int REFERENCES teams")
                .replace("CREATE TABLE users", "CREATE TABLE teams (id int PRIMARY KEY); CREATE TABLE users")));
        // indexes
        c.add(c("add index", USERS, USERS + "CREATE INDEX ix_users_name ON users (name);"));
        c.add(c("drop index", USERS + "CREATE INDEX ix_users_name ON users (name);", USERS));
        c.add(c("add unique index", USERS, USERS + "CREATE UNIQUE INDEX ux_email ON users (email);"));
        c.add(c("add partial index", USERS, USERS + "CREATE INDEX ix_named ON users (email) WHERE name IS NOT NULL;"));
        c.add(c("add expression index", USERS, USERS + "CREATE INDEX ix_lower ON users (lower(email));"));
        c.add(c("add gin index", "CREATE TABLE t (data jsonb);", "CREATE TABLE t (data jsonb); CREATE INDEX ix_data ON t USING gin (data);"));
        c.add(c("add hash and brin indexes", "CREATE TABLE t (k text, at timestamptz);", "CREATE TABLE t (k text, at timestamptz); CREATE INDEX ON t USING hash (k); CREATE INDEX ON t USING brin (at);"));
        c.add(c("add index with INCLUDE", USERS, USERS + "CREATE INDEX ix_email_inc ON users (email) INCLUDE (name);"));
        c.add(c("add descending index", USERS, USERS + "CREATE INDEX ix_desc ON users (name DESC NULLS LAST);"));
        c.add(c("change index columns", USERS + "CREATE INDEX ix ON users (name);", USERS + "CREATE INDEX ix ON users (name, email);"));
        c.add(c("add multi-column index", ORDERS, ORDERS + "CREATE INDEX ON orders (user_id, total DESC);"));
        // enums
        c.add(c("add enum and a column of it", USERS, "CREATE TYPE mood AS ENUM ('happy', 'sad');" + USERS.replace("name text", "name text, mood mood")));
        c.add(c("add enum value at the end", "CREATE TYPE mood AS ENUM ('happy', 'sad');", "CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');"));
        c.add(c("add enum value in the middle", "CREATE TYPE mood AS ENUM ('happy', 'sad');", "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');"));
        c.add(c("remove enum value used by a column with a default", "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad'); CREATE TABLE t (m mood DEFAULT 'happy', ms mood[]);",
                "CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE t (m mood DEFAULT 'happy', ms mood[]);"));
        c.add(c("reorder enum values", "CREATE TYPE mood AS ENUM ('happy', 'sad');", "CREATE TYPE mood AS ENUM ('sad', 'happy');"));
        c.add(c("drop enum and its column", "CREATE TYPE mood AS ENUM ('happy'); CREATE TABLE t (id int, m mood);", "CREATE TABLE t (id int);"));
        c.add(c("enum comment", "CREATE TYPE mood AS ENUM ('happy');", "CREATE TYPE mood AS ENUM ('happy'); COMMENT ON TYPE mood IS 'how it goes';"));
        // sequences
        c.add(c("add sequence", USERS, USERS + "CREATE SEQUENCE invoice_no START 1000;"));
        c.add(c("change sequence increment", "CREATE SEQUENCE s;", "CREATE SEQUENCE s INCREMENT 10 CACHE 5;"));
        c.add(c("drop sequence", "CREATE SEQUENCE s;", ""));
        c.add(c("sequence gets an owner", "CREATE TABLE t (n int); CREATE SEQUENCE s;", "CREATE TABLE t (n int); CREATE SEQUENCE s OWNED BY t.n;"));
        c.add(c("sequence used by a default", "CREATE TABLE t (n int);", "CREATE SEQUENCE s; CREATE TABLE t (n int DEFAULT nextval('s'));"));
        // schemas and extensions
        c.add(c("add schema with a table", USERS, USERS + "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int PRIMARY KEY, user_id bigint REFERENCES public.users);"));
        c.add(c("drop schema with a table", USERS + "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int PRIMARY KEY);", USERS));
        c.add(c("add extension and a column of its type", USERS, "CREATE EXTENSION IF NOT EXISTS citext;" + USERS.replace("name text", "name citext")));
        // views
        c.add(c("add view", USERS, USERS + "CREATE VIEW named AS SELECT id, name FROM users WHERE name IS NOT NULL;"));
        c.add(c("drop view", USERS + "CREATE VIEW named AS SELECT id, name FROM users;", USERS));
        c.add(c("change view", USERS + "CREATE VIEW v AS SELECT id FROM users;", USERS + "CREATE VIEW v AS SELECT id, email FROM users;"));
        c.add(c("view over a column whose type changes", USERS + "CREATE VIEW v AS SELECT id, name FROM users;", USERS.replace("name text", "name varchar(80)") + "CREATE VIEW v AS SELECT id, name FROM users;"));
        c.add(c("view over a view over a dropped column", USERS + "CREATE VIEW v1 AS SELECT id, name FROM users; CREATE VIEW v2 AS SELECT name FROM v1;",
                USERS.replace(", name text", "") + "CREATE VIEW v1 AS SELECT id FROM users;"));
        c.add(c("add materialized view", USERS, USERS + "CREATE MATERIALIZED VIEW counts AS SELECT count(*) AS n FROM users;"));
        c.add(c("view comment", USERS + "CREATE VIEW v AS SELECT id FROM users;", USERS + "CREATE VIEW v AS SELECT id FROM users; COMMENT ON VIEW v IS 'ids';"));
        // functions and triggers
        String fn = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := lower(NEW.name); RETURN NEW; END $$;";
        c.add(c("add function", USERS, USERS + "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';"));
        c.add(c("change function body", USERS + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';", USERS + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2';"));
        c.add(c("drop function", USERS + "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';", USERS));
        c.add(c("add trigger and its function", USERS, USERS + fn + "CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();"));
        c.add(c("drop trigger", USERS + fn + "CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();", USERS + fn));
        c.add(c("change trigger", USERS + fn + "CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();",
                USERS + fn + "CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"));
        c.add(c("function used by a default", "CREATE TABLE t (n int);", "CREATE FUNCTION seven() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 7'; CREATE TABLE t (n int DEFAULT seven());"));
        // partitions
        String parted = "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);";
        c.add(c("add partitioned table with partitions", USERS, USERS + parted
                + "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"));
        c.add(c("add partition", parted, parted + "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');"));
        c.add(c("drop partition", parted + "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');", parted));
        c.add(c("index on a partitioned table", parted + "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');",
                parted + "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01'); CREATE INDEX ON events (at);"));
        // combinations
        c.add(c("rename table and column together", USERS, USERS.replace("users", "people").replace("name text", "full_name text"), "users=people", "people.name=full_name"));
        c.add(c("renamed column keeps its index", USERS + "CREATE INDEX ix_name ON users (name);", USERS.replace("name text", "nick text") + "CREATE INDEX ix_name ON users (nick);", "users.name=nick"));
        c.add(c("drop an indexed column", USERS + "CREATE INDEX ix_name ON users (name);", USERS.replace(", name text", "")));
        c.add(c("column, index, foreign key and NOT NULL on existing tables", ORDERS, ORDERS.replace("total numeric(10,2)", "total numeric(10,2) NOT NULL, ref text")
                .replace("name text", "name text NOT NULL") + "CREATE INDEX ON orders (ref); ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0);"));
        c.add(c("drop a referenced unique constraint", "CREATE TABLE p (id int, code text UNIQUE); CREATE TABLE ch (code text REFERENCES p(code));",
                "CREATE TABLE p (id int, code text); CREATE TABLE ch (code text);"));
        c.add(c("everything at once from nothing", "", ORDERS + "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE SEQUENCE s; CREATE VIEW v AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id;"));
        c.add(c("everything at once to nothing", ORDERS + "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE SEQUENCE s; CREATE VIEW v AS SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id;", ""));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void upDownAndSafeAllGiveTheOtherSchema(String name, String a, String b, List<String> renames) throws Exception {
        RoundTrip.Result r = roundTrip.check(a, b, renames);
        assertFalse(r.up().isEmpty(), "the schemas differ, so there must be changes");
    }

    @Test
    void theCatalogueHasAtLeastEightyCases() {
        assertTrue(cases().count() >= 80, "cases: " + cases().count());
    }

    @Test
    void aConstraintOrIndexUnderAnotherNameIsNoChange() throws Exception {
        RoundTrip.Result r = roundTrip.check("CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY, n int CONSTRAINT n_ok CHECK (n > 0)); CREATE INDEX ix_a ON t (n);",
                "CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0)); CREATE INDEX t_n_idx ON t (n);");
        assertEquals(List.of(), r.up());
    }

    @Test
    void aRenameHintRenamesAndKeepsTheData() throws Exception {
        RoundTrip.Result r = roundTrip.check(USERS, USERS.replace("name text", "full_name text"), List.of("users.name=full_name"));
        assertEquals(List.of("ALTER TABLE users RENAME COLUMN name TO full_name"), r.upSql().stream().map(PostgresChangeSql.Statement::sql).toList());
    }

    @Test
    void withoutAHintARenameIsADropAndAnAddMarkedAsDataLoss() throws Exception {
        RoundTrip.Result r = roundTrip.check(USERS, USERS.replace("name text", "full_name text"));
        assertTrue(r.upSql().stream().anyMatch(s -> s.sql().equals("ALTER TABLE users DROP COLUMN name")
                && s.notes().stream().anyMatch(n -> n.startsWith("DATA LOSS"))), r.upText());
    }

    @Test
    void safeFormOnExistingTables() throws Exception {
        RoundTrip.Result r = roundTrip.check(ORDERS, ORDERS + "CREATE INDEX ix_total ON orders (total); ALTER TABLE orders ADD CONSTRAINT total_pos CHECK (total >= 0);");
        List<String> online = r.safeSql().stream().filter(PostgresChangeSql.Statement::online).map(PostgresChangeSql.Statement::sql).toList();
        assertEquals(List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_total ON orders USING btree (total)",
                "ALTER TABLE orders VALIDATE CONSTRAINT total_pos"), online);
        assertTrue(r.safeSql().stream().anyMatch(s -> !s.online() && s.sql().endsWith("NOT VALID")));
    }
}
