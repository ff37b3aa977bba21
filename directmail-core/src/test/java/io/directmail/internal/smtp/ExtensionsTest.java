package io.directmail.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionsTest {

    @Test
    void parse_readsTheExtensionsTheClientUses() {
        Extensions extensions = Extensions.parse(List.of("mx.example.com greets you", "SIZE 35882577", "8BITMIME",
                "smtputf8", "PIPELINING", "STARTTLS", "ENHANCEDSTATUSCODES", "AUTH LOGIN PLAIN XOAUTH2", "CHUNKING"));

        assertThat(extensions.size()).hasValue(35882577);
        assertThat(extensions.eightBitMime()).isTrue();
        assertThat(extensions.smtpUtf8()).isTrue();
        assertThat(extensions.pipelining()).isTrue();
        assertThat(extensions.startTls()).isTrue();
        assertThat(extensions.enhancedStatusCodes()).isTrue();
        assertThat(extensions.authMechanisms()).containsExactlyInAnyOrder("LOGIN", "PLAIN", "XOAUTH2");
    }

    @Test
    void parse_skipsTheGreetingLineAndToleratesOddForms() {
        Extensions extensions = Extensions.parse(List.of("PIPELINING is not an extension on the first line", "SIZE", "AUTH=LOGIN",
                "SIZE nonsense"));

        assertThat(extensions.pipelining()).isFalse();
        assertThat(extensions.size()).hasValue(0);
        assertThat(extensions.authMechanisms()).containsExactly("LOGIN");
    }
}
