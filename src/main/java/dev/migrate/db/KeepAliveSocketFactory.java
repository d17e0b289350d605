package dev.migrate.db;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Properties;

/**
 * Sockets for the PostgreSQL driver with TCP keepalive probes after a few seconds of silence instead of the operating
 * system's two hours: a partitioned network (a host that vanished, a NAT that forgot the connection) ends a run
 * within {@code network_timeout}, even while a long statement runs and nothing else would be sent. The driver makes
 * it from its {@code socketFactory} property, with its connection properties.
 */
public final class KeepAliveSocketFactory extends SocketFactory {

    /** The connection property that carries the bound, in seconds. */
    public static final String SECONDS_PROPERTY = "migrateKeepAliveSeconds";

    private final int seconds;

    public KeepAliveSocketFactory(Properties info) {
        int s = 30;
        try {
            s = Integer.parseInt(info.getProperty(SECONDS_PROPERTY, "30"));
        } catch (NumberFormatException ignored) {
            // keep the default
        }
        this.seconds = Math.max(3, s);
    }

    /** Idle time, interval and count of the probes, so that a dead peer is found within about {@code seconds}. */
    static int[] probes(int seconds) {
        int idle = Math.max(1, seconds / 2);
        int count = 3;
        int interval = Math.max(1, (seconds - idle) / count);
        return new int[]{idle, interval, count};
    }

    private Socket configure(Socket s) throws IOException {
        s.setKeepAlive(true);
        int[] p = probes(seconds);
        try {
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, p[0]);
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, p[1]);
            s.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, p[2]);
        } catch (UnsupportedOperationException | NoClassDefFoundError ignored) {
            // an operating system without these options, or a runtime image without the jdk.net module (a jlink'ed
            // one): the system's keepalive settings apply
        }
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(new Socket());
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket s = createSocket();
        if (local != null) s.bind(local);
        s.connect(remote);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }
}
