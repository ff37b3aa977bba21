package io.directmail.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void defaults_followRfc5321() {
        SmtpSettings settings = SmtpSettings.newBuilder().heloName("client.example.com").build();

        assertThat(settings.port()).isEqualTo(25);
        assertThat(settings.tlsPolicy()).isEqualTo(TlsPolicy.OPPORTUNISTIC);
        assertThat(settings.implicitTls()).isFalse();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.greetingTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.dataInitiationTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.dataBlockTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.dataTerminationTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.maxConnectionsPerHost()).isEqualTo(5);
        assertThat(settings.maxMessagesPerConnection()).isEqualTo(100);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.username()).isEmpty();
    }

    @Test
    void defaultHeloName_isAUsableName() {
        String name = SmtpSettings.newBuilder().build().heloName();

        assertThat(SmtpSettings.isValidHeloName(name)).as(name).isTrue();
    }

    @Test
    void toBuilder_makesAChangedCopyAndLeavesTheOriginal() {
        SmtpSettings original = SmtpSettings.newBuilder().heloName("a.example.com").port(587).build();

        SmtpSettings changed = original.toBuilder().port(2525).build();

        assertThat(changed.port()).isEqualTo(2525);
        assertThat(changed.heloName()).isEqualTo("a.example.com");
        assertThat(original.port()).isEqualTo(587);
    }

    @Test
    void toString_hidesThePassword() {
        SmtpSettings settings = SmtpSettings.newBuilder().heloName("a.example.com").credentials("user", "hunter2").build();

        assertThat(settings.toString()).contains("user").doesNotContain("hunter2");
    }

    @Test
    void badValues_areRefusedAtOnceByName() {
        SmtpSettings.Builder builder = SmtpSettings.newBuilder();

        assertThatThrownBy(() -> builder.port(0)).hasMessageContaining("port").hasMessageContaining("0");
        assertThatThrownBy(() -> builder.port(65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> builder.commandTimeout(Duration.ZERO)).hasMessageContaining("commandTimeout");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ofSeconds(-1))).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> builder.maxConnectionsPerHost(0)).hasMessageContaining("maxConnectionsPerHost");
        assertThatThrownBy(() -> builder.maxMessagesPerConnection(0)).hasMessageContaining("maxMessagesPerConnection");
        assertThatThrownBy(() -> builder.heloName("bad name")).hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> builder.heloName("-dash.example.com")).hasMessageContaining("heloName");
        assertThatThrownBy(() -> builder.credentials("", "x")).hasMessageContaining("username");
        assertThatThrownBy(() -> builder.credentials("user", "a\r\nb")).hasMessageContaining("password")
                .hasMessageNotContaining("a\r\nb");
        assertThatThrownBy(() -> builder.tlsPolicy(null)).isInstanceOf(NullPointerException.class).hasMessage("tlsPolicy");
    }

    @Test
    void addressLiterals_areValidHeloNames() {
        assertThat(SmtpSettings.newBuilder().heloName("[192.0.2.1]").build().heloName()).isEqualTo("[192.0.2.1]");
        assertThat(SmtpSettings.newBuilder().heloName("[IPv6:2001:db8::1]").build().heloName()).isEqualTo("[IPv6:2001:db8::1]");
    }

    @Test
    void implicitTlsWithTlsDisabled_isRefused() {
        SmtpSettings.Builder builder = SmtpSettings.newBuilder().heloName("a.example.com").implicitTls(true).tlsPolicy(TlsPolicy.DISABLED);

        assertThatThrownBy(builder::build).hasMessageContaining("implicitTls").hasMessageContaining("DISABLED");
    }
}
