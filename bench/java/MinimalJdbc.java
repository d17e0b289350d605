import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The floor for any JVM tool in the no-op scenario: start a JVM, open one JDBC connection, run one query, print
 * the rows. Usage: {@code java -cp <postgresql.jar>:<classes> MinimalJdbc <jdbc-url> <query>}.
 */
public final class MinimalJdbc {
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0]);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(args[1])) {
            while (rs.next()) System.out.println(rs.getString(1));
        }
    }
}
