package dev.migrate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A database server that appears late: a port on 127.0.0.1 where nothing listens until {@code delay} has passed,
 * then a plain TCP forwarder to a real server. For testing {@code --wait} against a real PostgreSQL.
 */
public final class TcpProxy implements AutoCloseable {
    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread starter;
    private volatile ServerSocket server;
    private volatile boolean closed;
    private volatile boolean frozen;

    private TcpProxy(Duration delay, String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort(); // free now; nothing listens on it until the delay has passed
        }
        starter = new Thread(() -> listenAfter(delay), "tcp-proxy-" + port);
        starter.setDaemon(true);
        starter.start();
    }

    /** Forwards 127.0.0.1:{@link #port()} to {@code hostPort} ({@code host:port}) from {@code delay} on. */
    public static TcpProxy startingAfter(Duration delay, String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        return new TcpProxy(delay, host, port);
    }

    /** Forwards 127.0.0.1:{@link #port()} to {@code host:port} at once. */
    public static TcpProxy to(String host, int port) throws IOException {
        TcpProxy p = new TcpProxy(Duration.ZERO, host, port);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (p.server == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return p;
    }

    /**
     * A network partition as the client sees it: from now on no byte is forwarded either way (none is dropped
     * either), connections stay open (no RST, no FIN), and new connections are accepted but get no answer.
     */
    public void freeze() { frozen = true; }

    /** Forwards again what was held. */
    public void thaw() { frozen = false; }

    public int port() { return port; }

    /** Connections accepted and forwarded so far. */
    public int accepted() { return accepted.get(); }

    private void listenAfter(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            while (!closed) {
                Socket client = s.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                accepted.incrementAndGet();
                pump(client, upstream);
                pump(upstream, client);
            }
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (frozen && !closed) Thread.sleep(10);
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        starter.interrupt();
        ServerSocket s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
