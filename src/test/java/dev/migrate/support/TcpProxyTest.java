package dev.migrate.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TcpProxy#to} and {@link TcpProxy#freeze()}: a partition holds every byte and every close until the thaw. */
class TcpProxyTest {

    /** An echo server on 127.0.0.1: what a connection sends comes back; it keeps the server side of each. */
    static final class Echo implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Socket> connections = new CopyOnWriteArrayList<>();
        final AtomicInteger received = new AtomicInteger();

        Echo() throws IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        connections.add(s);
                        Thread echo = new Thread(() -> {
                            try (s) {
                                InputStream in = s.getInputStream();
                                int b;
                                while ((b = in.read()) >= 0) {
                                    received.incrementAndGet();
                                    s.getOutputStream().write(b);
                                }
                            } catch (IOException ignored) {
                                // closed
                            }
                        });
                        echo.setDaemon(true);
                        echo.start();
                    }
                } catch (IOException closed) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : connections) s.close();
        }
    }

    Echo echo;
    TcpProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        echo = new Echo();
        proxy = TcpProxy.to("127.0.0.1", echo.server.getLocalPort());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        echo.close();
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(400);
        return s;
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    static String read(Socket s, int n) throws IOException {
        byte[] b = s.getInputStream().readNBytes(n);
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** True if nothing arrives (no byte, no FIN, no RST) within the socket's timeout. */
    static boolean silent(Socket s) throws IOException {
        try {
            int b = s.getInputStream().read();
            throw new AssertionError(b < 0 ? "got a FIN" : "got a byte: " + (char) b);
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    static void eventually(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what);
            Thread.sleep(10);
        }
    }

    @Test
    void listensAtOnceAndForwards() throws Exception {
        try (Socket s = connect()) {
            send(s, "hello");
            assertEquals("hello", read(s, 5));
        }
        assertEquals(1, proxy.accepted());
    }

    @Test
    void frozenNothingPassesNothingIsLostNothingCloses() throws Exception {
        try (Socket a = connect()) {
            send(a, "a");
            assertEquals("a", read(a, 1));

            proxy.freeze();
            send(a, "bcd");
            assertTrue(silent(a), "no answer while frozen");
            assertEquals(1, echo.received.get(), "the server got nothing");

            try (Socket b = connect()) { // accepted, but not connected to the server
                send(b, "x");
                assertTrue(silent(b));
                assertEquals(1, echo.connections.size(), "the server saw no new connection");
                assertEquals(1, proxy.accepted());

                proxy.thaw();
                assertEquals("bcd", read(a, 3), "held, then delivered");
                assertEquals("x", read(b, 1));
                assertEquals(2, echo.connections.size());
                assertEquals(2, proxy.accepted());
            }
        }
    }

    @Test
    void aCloseDuringTheFreezeReachesThePeerOnlyAfterTheThaw() throws Exception {
        try (Socket a = connect()) {
            send(a, "a");
            assertEquals("a", read(a, 1));
            proxy.freeze();
            echo.connections.get(0).close(); // the server hangs up during the partition
            assertTrue(silent(a), "no FIN, no RST while frozen");
            assertTrue(silent(a));
            proxy.thaw();
            a.setSoTimeout(5000);
            assertEquals(-1, a.getInputStream().read(), "the FIN after the thaw");
        }
    }

    @Test
    void aPartitionAsPgjdbcSeesIt() throws Exception {
        try (TcpProxy pg = TcpProxy.to(PostgresServer.hostPort())) {
            String url = PostgresServer.adminUrl().replaceFirst("@[^/]+/", "@127.0.0.1:" + pg.port() + "/");
            String sep = url.contains("?") ? "&" : "?";
            try (Connection c = PostgresServer.connect(url + sep + "socketTimeout=1"); Statement st = c.createStatement()) {
                assertEquals(1, one(st));
                pg.freeze();
                long start = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> one(st));
                long took = (System.nanoTime() - start) / 1_000_000;
                assertTrue(String.valueOf(e.getCause()).contains("Read timed out"), "a timeout, not a reset: " + e + " / " + e.getCause());
                assertTrue(took >= 900, "after pgjdbc's socketTimeout: " + took + " ms");
            } finally {
                pg.thaw();
            }
            try (Connection c = PostgresServer.connect(url); Statement st = c.createStatement()) {
                assertEquals(1, one(st), "through again after the thaw");
            }
        }
    }

    static int one(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
