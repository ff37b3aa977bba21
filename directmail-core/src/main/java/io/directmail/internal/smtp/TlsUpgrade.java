package io.directmail.internal.smtp;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Wraps a connected socket in TLS. With verification, the configured context checks the
 * certificate chain and the JDK checks the target's host name against it (RFC 6125, the "HTTPS"
 * rules); without, any certificate is accepted (opportunistic TLS, RFC 7435). Thread-safe.
 */
final class TlsUpgrade {

    private final SSLContext configured;
    private SSLContext verifying;
    private SSLContext accepting;

    /**
     * @param verifying the context for verified TLS, or null for the JDK's default
     */
    TlsUpgrade(SSLContext verifying) {
        this.configured = verifying;
    }

    /** Builds the contexts on first use: a client that never uses TLS never pays for them. */
    private synchronized SSLContext context(boolean verify) throws IOException {
        try {
            if (verify) {
                if (verifying == null) {
                    verifying = configured != null ? configured : SSLContext.getDefault();
                }
                return verifying;
            }
            if (accepting == null) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new AcceptingTrustManager()}, null);
                accepting = context;
            }
            return accepting;
        } catch (GeneralSecurityException e) {
            throw new IOException("this JDK offers no usable TLS context", e);
        }
    }

    SSLSocket handshake(Socket plain, SmtpTarget target, boolean verify, Duration timeout) throws IOException {
        SSLContext context = context(verify);
        SSLSocket secured = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, target.hostname(), target.port(), true);
        secured.setUseClientMode(true);
        if (verify) {
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secured.setSSLParameters(parameters);
        }
        secured.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        try {
            secured.startHandshake();
        } catch (IOException e) {
            secured.close();
            throw e;
        }
        return secured;
    }

    /** Accepts every certificate: opportunistic TLS protects against passive listeners only. */
    private static final class AcceptingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
