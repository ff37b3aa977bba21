package io.directmail.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives DNS queries over UDP on one socket and answers each through a {@link DnsResponder},
 * one at a time on its own thread. Closing the socket ends the thread.
 */
final class UdpDnsListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpDnsListener.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket socket;
    private final DnsResponder responder;
    private final Thread thread;

    /**
     * Binds the socket; the thread starts with {@link #start()}.
     *
     * @throws SocketException if the address cannot be bound
     */
    UdpDnsListener(InetSocketAddress address, DnsResponder responder) throws SocketException {
        this.socket = new DatagramSocket(address);
        this.responder = responder;
        this.thread = Thread.ofPlatform()
                .daemon()
                .name("loopback-dns-udp-" + socket.getLocalPort())
                .unstarted(this::serve);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void start() {
        thread.start();
    }

    private void serve() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] query = Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getLength());
                var response = responder.respond(query, false);
                if (response.isPresent()) {
                    byte[] bytes = response.get();
                    socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.debug("UDP DNS exchange failed", e);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not answer a UDP DNS query", e);
            }
        }
    }

    /** Closes the socket and waits (bounded) for the thread to end. */
    @Override
    public void close() {
        socket.close();
        try {
            if (thread.isAlive()) {
                thread.join(LoopbackDnsServer.SHUTDOWN_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
