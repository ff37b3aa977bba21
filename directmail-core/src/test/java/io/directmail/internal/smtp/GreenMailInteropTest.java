package io.directmail.internal.smtp;

import static io.directmail.internal.smtp.SmtpFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.directmail.EmailAddress;
import io.directmail.transport.OutboundMessage;
import io.directmail.transport.RecipientOutcome;
import io.directmail.transport.RecipientOutcome.Result;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against an independent SMTP server implementation. */
class GreenMailInteropTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void greenMail_receivesAMessageWithSeveralRecipients() throws Exception {
        String content = "From: sender@example.com\r\nTo: a@example.com, b@example.org\r\nCc: c@example.net\r\n"
                + "Subject: interop\r\nMessage-ID: <interop@example.com>\r\n\r\nHello GreenMail.\r\n.A dotted line\r\n";
        OutboundMessage message = new OutboundMessage("interop@example.com", EmailAddress.of("sender@example.com"),
                List.of(EmailAddress.of("a@example.com"), EmailAddress.of("b@example.org"), EmailAddress.of("c@example.net"),
                        EmailAddress.of("hidden@example.com")),
                content.getBytes(StandardCharsets.US_ASCII), false, false);
        SmtpTarget target = new SmtpTarget("localhost", InetAddress.getByName(greenMail.getSmtp().getBindTo()),
                greenMail.getSmtp().getPort());

        List<RecipientOutcome> outcomes;
        try (SmtpClient client = new SmtpClient(settings().build())) {
            outcomes = client.deliver(List.of(target), message);
        }

        assertThat(outcomes).extracting(RecipientOutcome::result).containsOnly(Result.DELIVERED);
        assertThat(greenMail.waitForIncomingEmail(5000, 4)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).as("one copy per envelope recipient, including the one not named in a header").hasSize(4);
        assertThat(Arrays.stream(received).flatMap(m -> {
            try {
                return Arrays.stream(m.getAllRecipients());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).map(Object::toString).distinct()).containsExactlyInAnyOrder("a@example.com", "b@example.org", "c@example.net");
        assertThat(received[0].getSubject()).isEqualTo("interop");
        assertThat(received[0].getRecipients(Message.RecipientType.CC)).extracting(Object::toString).containsExactly("c@example.net");
        assertThat(GreenMailUtil.getBody(received[0])).contains("Hello GreenMail.", ".A dotted line").doesNotContain("..A");
    }
}
