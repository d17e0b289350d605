package dev.migrate.integrity;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.Migrate;
import dev.migrate.config.DatabaseUrl;
import dev.migrate.support.Scripts;
import dev.migrate.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * migrate embedded in an application borrows a connection from the application's pool: the connection goes back as
 * it came, with the application's own session settings, not migrate's timeouts, keepalives or search path, whatever
 * the revisions did to the session.
 */
class PooledConnectionTest {

    @TempDir Path dir;
    TestDatabase db;
    HikariDataSource pool;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabase.postgres();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA app");
        }
        DatabaseUrl url = DatabaseUrl.parse(db.url(), dir);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setDataSourceProperties(url.jdbcProperties());
        config.setMaximumPoolSize(1); // one physical connection: the one migrate used is the one the application gets
        config.setConnectionInitSql("SET lock_timeout = '7s'; SET search_path = app, public; SET work_mem = '8MB'");
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void tearDown() {
        pool.close();
        db.close();
    }

    List<String> settings() throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT current_setting('lock_timeout'), current_setting('search_path'), current_setting('work_mem'), "
                        + "current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout'), "
                        + "current_setting('tcp_keepalives_idle'), current_user::text, "
                        + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::text")) {
            rs.next();
            return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8));
        }
    }

    @Test
    void theApplicationsConnectionComesBackAsItWent() throws Exception {
        List<String> before = settings();
        assertEquals(List.of("7s", "app, public", "8MB"), before.subList(0, 3));
        Scripts s = new Scripts(dir);
        s.add("r1", "", "CREATE TABLE public.t (id INTEGER);\nRESET ALL;\nSET statement_timeout = '1min';", null);
        s.add("r2", "r1", "SET search_path TO public;\nINSERT INTO t VALUES (1);", null);
        Migrate.at(pool).scripts(dir.resolve("migrations")).upgrade("head");
        assertEquals(before, settings());
        assertEquals(List.of("r2"), db.query("SELECT version_num FROM app.migrate_version"));
    }
}
