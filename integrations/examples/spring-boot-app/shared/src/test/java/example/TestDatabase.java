package example;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own on the test server (MIGRATE_TEST_DATABASE_URL, a postgres:// URL), dropped on close: the
 * application's JDBC URL, user and password.
 */
final class TestDatabase implements AutoCloseable {

    final String jdbcUrl;
    final String user;
    final String password;
    private final String adminUrl;
    private final String name;

    private TestDatabase(String adminUrl, String jdbcUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    static TestDatabase create() throws Exception {
        String url = System.getenv("MIGRATE_TEST_DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("MIGRATE_TEST_DATABASE_URL is not set: point it at a PostgreSQL server the tests may create databases on");
        }
        URI u = URI.create(url.replaceFirst("^postgres(ql)?://", "http://"));
        String[] info = u.getRawUserInfo() == null ? new String[] {"postgres"} : u.getRawUserInfo().split(":", 2);
        String user = URLDecoder.decode(info[0], StandardCharsets.UTF_8);
        String password = info.length > 1 ? URLDecoder.decode(info[1], StandardCharsets.UTF_8) : "";
        String server = "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + "/";
        String name = "migrate_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        TestDatabase db = new TestDatabase(server + u.getPath().substring(1), server + name, user, password, name);
        db.admin("CREATE DATABASE " + name);
        return db;
    }

    Connection connect() throws Exception {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
