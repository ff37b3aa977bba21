package io.directmail.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bare signature over a 32-byte hash, as {@code ed25519-sha256} signs it, side by side: the
 * JDK's {@code Ed25519} {@link Signature}, Bouncy Castle's low-level Ed25519 (what the library's
 * signer uses, with the public key passed in so it is not derived again) and, for scale, the
 * JDK's RSA-2048 {@code SHA256withRSA}. Compare the scores within one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx512m")
public class SignatureBenchmark {

    private final byte[] hash = new byte[32];
    private KeyPair ed25519;
    private KeyPair rsa;
    private byte[] edSecret;
    private byte[] edPublic;

    @Setup
    public void setUp() throws GeneralSecurityException {
        Arrays.fill(hash, (byte) 0x5a);
        ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        edSecret = ((EdECPrivateKey) ed25519.getPrivate()).getBytes().orElseThrow();
        byte[] spki = ed25519.getPublic().getEncoded();
        edPublic = Arrays.copyOfRange(spki, spki.length - Ed25519.PUBLIC_KEY_SIZE, spki.length);
        Ed25519.precompute();
    }

    @Benchmark
    public byte[] ed25519_jdk() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(ed25519.getPrivate());
        signature.update(hash);
        return signature.sign();
    }

    @Benchmark
    public byte[] ed25519_bouncycastle() {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(edSecret, 0, edPublic, 0, hash, 0, hash.length, signature, 0);
        return signature;
    }

    @Benchmark
    public byte[] rsa2048_jdk() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(rsa.getPrivate());
        signature.update(hash);
        return signature.sign();
    }
}
