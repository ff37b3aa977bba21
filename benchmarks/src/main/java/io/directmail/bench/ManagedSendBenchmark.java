package io.directmail.bench;

import io.directmail.DirectMail;
import io.directmail.EmailAddress;
import io.directmail.Mail;
import io.directmail.MailType;
import io.directmail.Receipt;
import io.directmail.account.Account;
import io.directmail.account.AccountPolicy;
import io.directmail.account.DnsRecord;
import io.directmail.account.DomainSettings;
import io.directmail.dkim.DkimAlgorithm;
import io.directmail.dkim.DkimKey;
import io.directmail.dns.DnsSettings;
import io.directmail.internal.store.embedded.EmbeddedMailStore;
import io.directmail.quota.QuotaPolicy;
import io.directmail.store.StoreOptions;
import io.directmail.testing.LoopbackDnsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the checks and the quota ledger of a managed account cost a durable {@code send()}, on the
 * embedded store with fsync on: the same 2 KB message, signed with an Ed25519 key of its domain,
 * sent for an account that is not managed (no checks, no ledger), a managed account without a
 * daily cap (sender check, one ledger entry per message) and one with a cap (sender check, the
 * place under the cap reserved before the message is stored and charged after it: three ledger
 * entries). The managed account's domain has an Ed25519 key only: the default adds an RSA-2048
 * key, whose signature costs more than everything measured here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class ManagedSendBenchmark {

    @Param({"unmanaged", "managed", "managed-cap"})
    public String account;

    private Path dir;
    private EmbeddedMailStore store;
    private LoopbackDnsServer dns;
    private DirectMail directMail;
    private Mail mail;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("managed-send-bench");
        store = EmbeddedMailStore.open(dir, StoreOptions.defaults());
        dns = new LoopbackDnsServer();
        dns.start();
        directMail = DirectMail.newBuilder().store(store)
                .transport(new DiscardingTransport())
                .dns(DnsSettings.newBuilder().nameserver(dns.address()).timeout(Duration.ofSeconds(5)).build())
                .sendingDomains(DomainSettings.of(List.of("ip4:192.0.2.10"), "bounces.example.com")
                        .withDkimAlgorithms(List.of(DkimAlgorithm.ED25519_SHA256)))
                .dkimKey(DkimKey.generate(DkimAlgorithm.ED25519_SHA256, "example.com", "bench"))
                .build();
        Mail plain = BenchData.plain("orders@example.com", "alice@example.org", 2048, "Your receipt");
        switch (account) {
            case "unmanaged" -> mail = plain;   // signed with the builder's key
            case "managed", "managed-cap" -> {
                QuotaPolicy quota = account.equals("managed") ? QuotaPolicy.defaults() : QuotaPolicy.defaults().withDailyCap(1L << 40);
                Account shop = directMail.accounts().create("shop", AccountPolicy.defaults().withQuota(quota));
                shop.addDomain("example.com");
                for (DnsRecord record : shop.dnsRecords("example.com")) {
                    switch (record.type()) {
                        case TXT -> dns.txt(record.host(), record.value());
                        case CNAME -> dns.cname(record.host(), record.value());
                    }
                }
                if (!shop.verifyDomain("example.com").verified()) {
                    throw new IllegalStateException("the benchmark's domain did not verify");
                }
                shop.addSenderAddress(EmailAddress.of("orders@example.com"), MailType.TRIGGER, null);
                mail = plain.toBuilder().account("shop").build();
            }
            default -> throw new IllegalArgumentException("account must be unmanaged, managed or managed-cap, was " + account);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        directMail.close();
        System.out.printf("%n%s messages=%d%n", store.journalMetrics(), store.size());
        store.close();
        dns.close();
        BenchData.deleteTree(dir);
    }

    @Benchmark
    @Threads(1)
    public Receipt send_1_caller() {
        return directMail.send(mail);
    }

    @Benchmark
    @Threads(16)
    public Receipt send_16_callers() {
        return directMail.send(mail);
    }
}
