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
 * A plain TCP forwarder on 127.0.0.1 to a real server, for faults a client meets on the network:
 * <ul>
 * <li>{@link #startingAfter}: a server that appears late (nothing listens until the delay has passed), for testing
 * {@code --wait};</li>
 * <li>{@link #freeze()} / {@link #thaw()}: a network partition as the client sees it. While frozen no byte is
 * forwarded either way, and none is dropped (what was read is held, the rest waits in the kernel's buffers, and
 * flows on {@link #thaw()}); connections stay open, neither side gets a FIN or an RST, even when the other side
 * closes meanwhile; new connections are accepted but not connected to the server until the thaw.</li>
 * </ul>
 * Unlike a real partition, the proxy's kernel still acknowledges what the client sends: TCP keepalives and
 * retransmission timeouts never fire, only the client's own timeouts (pgjdbc's {@code socketTimeout}, say) do.
 */
public final class TcpProxy implements AutoCloseable {
    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object gate = new Object();
    private boolean frozen; // guarded by gate
    private final Thread acceptor;
    private volatile ServerSocket server;
    private volatile boolean closed;

    /** Listens on {@code port} after {@code delay}. */
    private TcpProxy(Duration delay, int port, String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
        acceptor = new Thread(() -> listenAfter(delay), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code bound} at once. */
    private TcpProxy(ServerSocket bound, String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = bound.getLocalPort();
        this.server = bound;
        acceptor = new Thread(() -> acceptOn(bound), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards 127.0.0.1:{@link #port()} to {@code hostPort} ({@code host:port}) from {@code delay} on. */
    public static TcpProxy startingAfter(Duration delay, String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        int free;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort(); // free now; nothing listens on it until the delay has passed
        }
        return new TcpProxy(delay, free, host, port);
    }

    /** Forwards 127.0.0.1:{@link #port()} to {@code host:port}, listening when this returns. */
    public static TcpProxy to(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TcpProxy(s, host, port);
    }

    /** {@link #to(String, int)} for {@code hostPort} ({@code host:port}). */
    public static TcpProxy to(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return to(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    public int port() { return port; }

    /** Connections accepted and forwarded so far (one accepted while frozen counts once it is forwarded). */
    public int accepted() { return accepted.get(); }

    /** Stops all traffic, both ways, on every connection, old and new, until {@link #thaw()}; drops nothing, closes nothing. */
    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Lets the traffic held since {@link #freeze()} flow on, and connects the connections accepted meanwhile. */
    public void thaw() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    public boolean frozen() {
        synchronized (gate) {
            return frozen;
        }
    }

    private void awaitThawed() {
        synchronized (gate) {
            while (frozen && !closed) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void listenAfter(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = s;
            if (closed) {
                s.close();
                return;
            }
            acceptOn(s);
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    private void acceptOn(ServerSocket s) {
        try {
            while (!closed) {
                Socket client = s.accept();
                sockets.add(client);
                Thread t = new Thread(() -> forward(client), "tcp-proxy-connect");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Connects {@code client} to the server once not frozen, and pumps both ways. */
    private void forward(Socket client) {
        awaitThawed();
        if (closed) {
            closeQuietly(client);
            return;
        }
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            closeQuietly(client); // the server is not there: the client sees its connection closed
            return;
        }
        sockets.add(upstream);
        accepted.incrementAndGet();
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                // Not try-with-resources: closing a stream closes its socket, and that must wait for the thaw.
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    awaitThawed(); // frozen: leave the bytes in the kernel's buffers
                    int n = in.read(buf);
                    if (n < 0) break;
                    awaitThawed(); // read just before the freeze: hold them
                    if (closed) break;
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                awaitThawed(); // a close, too, is news that a partition holds back
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
        synchronized (gate) {
            gate.notifyAll();
        }
        acceptor.interrupt();
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
