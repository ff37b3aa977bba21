package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.testing.ReceivedMessage;
import io.directmail.testing.ScriptedSmtpServer;
import io.directmail.testsupport.DkimVerifyTool;
import io.directmail.testsupport.Dnsmasq;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Delivery the way it happens on the internet, on loopback: the real dnsmasq serves two MX records,
 * the preferred exchanger (127.0.0.2:25) is down, and the message arrives at the other one
 * (127.0.0.3:25). Port 25 needs root, as CI has; elsewhere the test is skipped.
 */
@Tag("integration")
class RealDnsmasqAndPort25Test {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void whenThePreferredExchangerIsDownTheMessageArrivesAtTheNextOne() throws Exception {
        assumeTrue(Dnsmasq.isInstalled(), "dnsmasq is not installed");
        assumeTrue(canBind("127.0.0.3", 25), "cannot listen on 127.0.0.3:25 (needs root)");
        assumeTrue(nothingListens("127.0.0.2", 25), "something already listens on 127.0.0.2:25");
        DkimKey key = DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "port25");
        RecordingListener listener = new RecordingListener();

        try (Dnsmasq dns = Dnsmasq.newBuilder()
                        .mx("example.test", "mx1.example.test", 10)
                        .mx("example.test", "mx2.example.test", 20)
                        .hostRecord("mx1.example.test", "127.0.0.2")
                        .hostRecord("mx2.example.test", "127.0.0.3")
                        .start();
                ScriptedSmtpServer second = ScriptedSmtpServer.newBuilder()
                        .address(InetAddress.getByName("127.0.0.3")).port(25).hostname("mx2.example.test").start();
                DirectMail directMail = DirectMail.newBuilder()
                        .dns(DnsSettings.newBuilder().nameserver(dns.address()).build())
                        .dkimKey(key)
                        .listener(listener)
                        .build()) {
            directMail.send(Mail.newBuilder().from("alerts@example.com").addTo("ops@example.test")
                    .subject("Disk almost full").text("Disk /var is 95% full.").build());

            DeliveryEvent event = listener.awaitOutcomes(1, WAIT).getFirst();
            assertThat(event.type()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(event.remoteHost()).contains("mx2.example.test");
            ReceivedMessage received = second.awaitMessages(1, WAIT).getFirst();
            assertThat(received.recipients()).containsExactly("ops@example.test");
            DkimVerifyTool.assertPasses(received.data(), key);
        }
    }

    private static boolean canBind(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean nothingListens(String address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(address), port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
