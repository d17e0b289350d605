package dev.migrate.diff;

import dev.migrate.catalog.Catalog;
import dev.migrate.catalog.Column;
import dev.migrate.catalog.Constraint;
import dev.migrate.catalog.Index;
import dev.migrate.catalog.Name;
import dev.migrate.catalog.Table;
import dev.migrate.catalog.View;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The differ from literal catalogs, without a database: what changes, in which order. */
class DifferTest {

    static Name n(String name) {
        return new Name("public", name);
    }

    static Table table(String name, List<Column> columns, Constraint... constraints) {
        return new Table(n(name), columns, List.of(constraints), List.of(), null, null, null, false, null, null);
    }

    static Table withIndexes(Table t, Index... indexes) {
        return new Table(t.name(), t.columns(), t.constraints(), List.of(indexes), null, null, null, false, null, null);
    }

    static Column col(String name, String type) {
        return Column.of(name, type, false, null);
    }

    static Column notNull(String name, String type) {
        return Column.of(name, type, true, null);
    }

    static Constraint pk(String name, String... cols) {
        return new Constraint(name, Constraint.Kind.PRIMARY_KEY, "PRIMARY KEY (" + String.join(", ", cols) + ")", List.of(cols), null, true, null);
    }

    static Constraint fk(String name, String col, String ref) {
        return new Constraint(name, Constraint.Kind.FOREIGN_KEY, "FOREIGN KEY (" + col + ") REFERENCES " + ref + "(id)", List.of(col), n(ref), true, null);
    }

    static Catalog catalog(List<Table> tables, List<Catalog.EnumType> enums, List<View> views) {
        return new Catalog("postgresql", "public", List.of("public"), List.of(), enums, List.of(), tables, views, List.of(), List.of());
    }

    static Catalog catalog(Table... tables) {
        return catalog(List.of(tables), List.of(), List.of());
    }

    static List<String> described(List<Change> changes) {
        return changes.stream().map(Change::describe).toList();
    }

    static final Table USERS = table("users", List.of(notNull("id", "bigint"), col("email", "text")), pk("users_pkey", "id"));
    static final Table ORDERS = table("orders", List.of(notNull("id", "bigint"), col("user_id", "bigint")),
            pk("orders_pkey", "id"), fk("orders_user_id_fkey", "user_id", "users"));

    @Test
    void theSameSchemaHasNoChanges() {
        Catalog c = catalog(USERS, ORDERS);
        assertEquals(List.of(), Differ.diff(c, c));
    }

    @Test
    void newTablesComeFirstAndTheirForeignKeysLast() {
        List<Change> up = Differ.diff(catalog(), catalog(ORDERS, USERS));
        assertEquals(List.of("add table public.orders", "add table public.users", "add foreign key orders_user_id_fkey on public.orders"),
                described(up));
    }

    @Test
    void droppedTablesLoseTheirForeignKeysBetweenThemFirst() {
        List<Change> down = Differ.diff(catalog(ORDERS, USERS), catalog());
        assertEquals(List.of("drop foreign key orders_user_id_fkey on public.orders", "drop table public.orders", "drop table public.users"),
                described(down));
        assertTrue(down.stream().filter(c -> c instanceof Change.DropTable).allMatch(Change::losesData));
    }

    @Test
    void aConstraintUnderAnotherNameIsNoChangeUnlessNamesAreStrict() {
        Table hashed = table("orders", ORDERS.columns(), pk("orders_pkey", "id"), fk("FKgs3baqkp3gbs5i7ymsguy1uja", "user_id", "users"));
        assertEquals(List.of(), Differ.diff(catalog(USERS, ORDERS), catalog(USERS, hashed)));
        assertEquals(List.of("rename constraint orders_user_id_fkey on public.orders to FKgs3baqkp3gbs5i7ymsguy1uja"),
                described(Differ.diff(catalog(USERS, ORDERS), catalog(USERS, hashed), new Differ.Options(Renames.NONE, true))));
    }

    @Test
    void aChangedConstraintIsDroppedAndAdded() {
        Constraint cascade = new Constraint("orders_user_id_fkey", Constraint.Kind.FOREIGN_KEY,
                "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE", List.of("user_id"), n("users"), true, null);
        Table b = table("orders", ORDERS.columns(), pk("orders_pkey", "id"), cascade);
        assertEquals(List.of("drop foreign key orders_user_id_fkey on public.orders", "add foreign key orders_user_id_fkey on public.orders"),
                described(Differ.diff(catalog(USERS, ORDERS), catalog(USERS, b))));
    }

    @Test
    void indexesMatchByShape() {
        Index a = new Index("ix_email", "CREATE INDEX ix_email ON users USING btree (email)", false, null);
        Index b = new Index("users_email_idx", "CREATE INDEX users_email_idx ON users USING btree (email)", false, null);
        assertEquals(List.of(), Differ.diff(catalog(withIndexes(USERS, a)), catalog(withIndexes(USERS, b))));
        Index lower = new Index("ix_email", "CREATE INDEX ix_email ON users USING btree (lower(email))", false, null);
        assertEquals(List.of("drop index ix_email on public.users", "add index ix_email on public.users"),
                described(Differ.diff(catalog(withIndexes(USERS, a)), catalog(withIndexes(USERS, lower)))));
    }

    @Test
    void columnsAddedOrAlteredInTableOrderThenDropped() {
        Table b = table("users", List.of(notNull("id", "bigint"), notNull("email", "character varying(200)"), col("nick", "text")), pk("users_pkey", "id"));
        Table a = table("users", List.of(notNull("id", "bigint"), col("email", "text"), col("legacy", "integer")), pk("users_pkey", "id"));
        assertEquals(List.of("change column public.users.email (type text -> character varying(200), NOT NULL)", "add column public.users.nick",
                "drop column public.users.legacy"), described(Differ.diff(catalog(a), catalog(b))));
    }

    @Test
    void aRenameHintRenamesInsteadOfDroppingAndTheDowngradeRenamesBack() {
        Table b = table("users", List.of(notNull("id", "bigint"), col("mail", "text")), pk("users_pkey", "id"));
        Catalog before = catalog(USERS);
        Catalog after = catalog(b);
        assertEquals(List.of("add column public.users.mail", "drop column public.users.email"), described(Differ.diff(before, after)));
        Renames hint = Renames.parse(List.of("users.email=mail"), before, after);
        assertEquals(List.of("rename column public.users.email to mail"), described(Differ.diff(before, after, new Differ.Options(hint, false))));
        assertEquals(List.of("rename column public.users.mail to email"),
                described(Differ.diff(after, before, new Differ.Options(hint.reversed(), false))));
        assertEquals(List.of(new Renames.Candidate(n("users"), "email", "mail", "text")), Renames.candidates(before, after, Renames.NONE));
    }

    @Test
    void tableRenameKeepsItsForeignKeysReferencingIt() {
        Table clients = table("clients", USERS.columns(), pk("users_pkey", "id"));
        Table orders = table("orders", ORDERS.columns(), pk("orders_pkey", "id"), fk("orders_user_id_fkey", "user_id", "clients"));
        Catalog before = catalog(USERS, ORDERS);
        Catalog after = catalog(clients, orders);
        Renames hint = Renames.parse(List.of("users=clients"), before, after);
        List<Change> up = Differ.diff(before, after, new Differ.Options(hint, false));
        assertEquals(List.of("rename table public.users to clients", "drop foreign key orders_user_id_fkey on public.orders",
                "add foreign key orders_user_id_fkey on public.orders"), described(up));
    }

    @Test
    void badRenameHintsSayWhatIsWrong() {
        Catalog before = catalog(USERS);
        var e = assertThrows(Renames.InvalidRenameException.class, () -> Renames.parse(List.of("users.nope=mail"), before, before));
        assertTrue(e.getMessage().contains("has no column nope"), e.getMessage());
        e = assertThrows(Renames.InvalidRenameException.class, () -> Renames.parse(List.of("users"), before, before));
        assertTrue(e.getMessage().contains("expected OLD=NEW"), e.getMessage());
    }

    @Test
    void enumLabelsAppendedAreAddedAndRemovedOnesReplaceTheType() {
        Catalog.EnumType ab = new Catalog.EnumType(n("status"), List.of("a", "b"), null);
        Catalog.EnumType axb = new Catalog.EnumType(n("status"), List.of("a", "x", "b", "c"), null);
        Catalog.EnumType a = new Catalog.EnumType(n("status"), List.of("a"), null);
        assertEquals(List.of("add value 'x' to enum public.status", "add value 'c' to enum public.status"),
                described(Differ.diff(catalog(List.of(), List.of(ab), List.of()), catalog(List.of(), List.of(axb), List.of()))));
        List<Change> replace = Differ.diff(catalog(List.of(), List.of(ab), List.of()), catalog(List.of(), List.of(a), List.of()));
        assertEquals(1, replace.size());
        assertTrue(replace.get(0) instanceof Change.ReplaceEnum && replace.get(0).losesData());
        List<PostgresChangeSql.Statement> sql = new PostgresChangeSql("public", false).render(
                Differ.diff(catalog(List.of(), List.of(ab), List.of()), catalog(List.of(), List.of(axb), List.of())));
        assertEquals("ALTER TYPE status ADD VALUE 'x' BEFORE 'b'", sql.get(0).sql());
        assertEquals("ALTER TYPE status ADD VALUE 'c'", sql.get(1).sql());
    }

    @Test
    void aViewOverAChangedColumnIsDroppedFirstAndMadeAgainLast() {
        View v = new View(n("emails"), false, " SELECT users.email FROM users;", List.of(n("users")), null);
        Table b = table("users", List.of(notNull("id", "bigint"), col("email", "character varying(200)")), pk("users_pkey", "id"));
        List<Change> up = Differ.diff(catalog(List.of(USERS), List.of(), List.of(v)), catalog(List.of(b), List.of(), List.of(v)));
        assertEquals(List.of("drop view public.emails", "change column public.users.email (type text -> character varying(200))",
                "add view public.emails"), described(up));
    }

    @Test
    void safeModeSplitsWorkOnExistingTablesIntoAnOnlineRevision() {
        Index ix = new Index("ix_email", "CREATE INDEX ix_email ON users USING btree (email)", false, null);
        Table b = withIndexes(table("users", List.of(notNull("id", "bigint"), notNull("email", "text")), pk("users_pkey", "id")), ix);
        List<PostgresChangeSql.Statement> sql = new PostgresChangeSql("public", true).render(Differ.diff(catalog(USERS), catalog(b)));
        List<String> main = sql.stream().filter(s -> !s.online()).map(PostgresChangeSql.Statement::sql).toList();
        List<String> online = sql.stream().filter(PostgresChangeSql.Statement::online).map(PostgresChangeSql.Statement::sql).toList();
        assertEquals(List.of("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID"), main);
        assertEquals(List.of("ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null", "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
                "ALTER TABLE users DROP CONSTRAINT users_email_not_null",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_email ON users USING btree (email)"), online);
        // A new table needs none of that.
        assertTrue(new PostgresChangeSql("public", true).render(Differ.diff(catalog(), catalog(b))).stream().noneMatch(PostgresChangeSql.Statement::online));
    }

    @Test
    void typeChangesThatRewriteAreFlagged() {
        assertTrue(PostgresChangeSql.rewrites("integer", "bigint"));
        assertTrue(PostgresChangeSql.rewrites("character varying(200)", "character varying(100)"));
        assertTrue(!PostgresChangeSql.rewrites("character varying(100)", "character varying(200)"));
        assertTrue(!PostgresChangeSql.rewrites("character varying(100)", "text"));
        assertTrue(!PostgresChangeSql.rewrites("numeric(10,2)", "numeric(12,2)"));
        assertTrue(PostgresChangeSql.rewrites("numeric(10,2)", "numeric(12,3)"));
    }
}
