package io.directmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpPasswordHashTest {

    /** Few iterations, so that the tests run fast; one test uses the real default. */
    private static final SmtpPasswordPolicy FAST = SmtpPasswordPolicy.defaults().withIterations(1_000);

    /** Made with Python's hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), bytes(range(16)), 1000, 32). */
    private static final String HORSE = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4";
    private static final String UNICODE = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$SnclTkgmut7teDP2ryEwCyRpx49GFjiga7B0MYOGLj8";

    @Test
    void hash_thenVerify_acceptsThePasswordAndRefusesOthers() {
        SmtpPasswordHash hash = SmtpPasswordHash.hash("correct horse".toCharArray(), FAST);

        assertThat(hash.verify("correct horse".toCharArray())).isTrue();
        assertThat(hash.verify("correct horsE".toCharArray())).isFalse();
        assertThat(hash.verify("correct horse ".toCharArray())).isFalse();
        assertThat(hash.verify("correct hors".toCharArray())).isFalse();
        assertThat(hash.verify(new char[0])).isFalse();
    }

    @Test
    void theDefaultPolicy_hashesWith600000Iterations() {
        SmtpPasswordHash hash = SmtpPasswordHash.hash("s3cret-smtp-pass".toCharArray());

        assertThat(hash.iterations()).isEqualTo(600_000);
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256$600000$");
        assertThat(hash.verify("s3cret-smtp-pass".toCharArray())).isTrue();
        assertThat(hash.needsRehash(SmtpPasswordPolicy.defaults())).isFalse();
    }

    @Test
    void verify_matchesHashesMadeByAnotherPbkdf2Implementation() {
        assertThat(SmtpPasswordHash.parse(HORSE).verify("correct horse battery staple".toCharArray())).isTrue();
        assertThat(SmtpPasswordHash.parse(HORSE).verify("correct horse battery stapler".toCharArray())).isFalse();
        // Non-ASCII passwords are hashed as UTF-8, as other implementations do.
        assertThat(SmtpPasswordHash.parse(UNICODE).verify("pässwörd-密码-📫".toCharArray())).isTrue();
    }

    @Test
    void encoded_isSelfDescribing_andParsesBackToAnEqualHash() {
        SmtpPasswordHash hash = SmtpPasswordHash.hash("correct horse".toCharArray(), FAST);

        assertThat(hash.encoded()).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        SmtpPasswordHash parsed = SmtpPasswordHash.parse(hash.encoded());
        assertThat(parsed).isEqualTo(hash).hasSameHashCodeAs(hash);
        assertThat(parsed.encoded()).isEqualTo(hash.encoded());
        assertThat(parsed.verify("correct horse".toCharArray())).isTrue();
    }

    @Test
    void theSamePasswordHashedTwice_getsDifferentSalts_andBothVerify() {
        SmtpPasswordHash first = SmtpPasswordHash.hash("correct horse".toCharArray(), FAST);
        SmtpPasswordHash second = SmtpPasswordHash.hash("correct horse".toCharArray(), FAST);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.encoded().split("\\$")[2]).isNotEqualTo(second.encoded().split("\\$")[2]);
        assertThat(first.verify("correct horse".toCharArray())).isTrue();
        assertThat(second.verify("correct horse".toCharArray())).isTrue();
    }

    @Test
    void rotatingThePassword_makesTheOldOneFailAgainstTheNewHash() {
        SmtpPasswordHash old = SmtpPasswordHash.hash("first password".toCharArray(), FAST);

        SmtpPasswordHash rotated = SmtpPasswordHash.hash("second password".toCharArray(), FAST);

        assertThat(rotated.verify("second password".toCharArray())).isTrue();
        assertThat(rotated.verify("first password".toCharArray())).isFalse();
        assertThat(old.verify("second password".toCharArray())).isFalse();
    }

    @Test
    void needsRehash_whenThePolicyAsksForMoreIterations() {
        SmtpPasswordHash hash = SmtpPasswordHash.hash("correct horse".toCharArray(), FAST);

        assertThat(hash.needsRehash(SmtpPasswordPolicy.defaults())).isTrue();
        assertThat(hash.needsRehash(FAST)).isFalse();
        assertThat(SmtpPasswordHash.parse(HORSE.replace("$1000$", "$2000$")).needsRehash(FAST)).isFalse();
        assertThatThrownBy(() -> hash.needsRehash(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void toString_neverShowsTheSaltOrTheHash() {
        SmtpPasswordHash hash = SmtpPasswordHash.parse(HORSE);

        assertThat(hash.toString()).isEqualTo("SmtpPasswordHash[pbkdf2-sha256, 1000 iterations]")
                .doesNotContain("AAECAwQFBgcICQoLDA0ODw").doesNotContain("ppsX");
    }

    @Test
    void thePasswordArraysPassedIn_areNotChanged() {
        char[] password = "correct horse".toCharArray();
        SmtpPasswordHash hash = SmtpPasswordHash.hash(password, FAST);
        char[] candidate = "correct horse".toCharArray();
        hash.verify(candidate);

        assertThat(password).containsExactly("correct horse".toCharArray());
        assertThat(candidate).containsExactly("correct horse".toCharArray());
    }

    @Test
    void verify_refusesCandidatesNoPasswordCanBe_withoutError() {
        SmtpPasswordHash hash = SmtpPasswordHash.parse(HORSE);

        assertThat(hash.verify("correct horse battery stapl\uD800".toCharArray())).isFalse();
        assertThat(hash.verify("correct horse battery staple?".toCharArray())).isFalse();
        assertThat(hash.verify("x".repeat(1_000_000).toCharArray())).isFalse();
        assertThat(hash.verify("correct\0horse".toCharArray())).isFalse();
        assertThatThrownBy(() -> hash.verify(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("candidate");
    }

    @Test
    void aLoneSurrogate_neverMatchesAPasswordWithAQuestionMarkInItsPlace() {
        // Encoded as UTF-8, an unpaired surrogate would become '?'; it must not log in as one.
        SmtpPasswordHash hash = SmtpPasswordHash.hash("password?".toCharArray(), FAST);

        assertThat(hash.verify("password\uDC00".toCharArray())).isFalse();
        assertThat(hash.verify("password?".toCharArray())).isTrue();
    }

    @Test
    void passwordRules_areCheckedBeforeHashing_withoutShowingThePassword() {
        assertThatThrownBy(() -> SmtpPasswordHash.hash("short12".toCharArray(), FAST))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessage("SMTP password is 7 characters long; at least 8 are required");
        assertThatThrownBy(() -> SmtpPasswordHash.hash("x".repeat(129).toCharArray(), FAST))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessage("SMTP password is 129 characters long; at most 128 are allowed");
        assertThatThrownBy(() -> SmtpPasswordHash.hash("secret\0password".toCharArray(), FAST))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("NUL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SmtpPasswordHash.hash("secret-password\uD83D".toCharArray(), FAST))
                .isInstanceOf(InvalidPasswordException.class)
                .hasMessageContaining("surrogate").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> SmtpPasswordHash.hash(null, FAST)).isInstanceOf(NullPointerException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> SmtpPasswordHash.hash("correct horse".toCharArray(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("policy");
    }

    @Test
    void passwordLengthBoundaries_areExact_andCountCharactersNotChars() {
        SmtpPasswordPolicy policy = SmtpPasswordPolicy.defaults();

        policy.check("12345678".toCharArray());
        policy.check("x".repeat(128).toCharArray());
        policy.check("📫".repeat(128).toCharArray());                        // 128 characters in 256 chars
        assertThatThrownBy(() -> policy.check("📫".repeat(7).toCharArray()))  // 7 characters in 14 chars
                .isInstanceOf(InvalidPasswordException.class).hasMessageContaining("7 characters");
        assertThatThrownBy(() -> policy.check("📫".repeat(129).toCharArray())).isInstanceOf(InvalidPasswordException.class);
        assertThatThrownBy(() -> policy.check(null)).isInstanceOf(NullPointerException.class);
        assertThat(SmtpPasswordHash.hash("12345678".toCharArray(), FAST).verify("12345678".toCharArray())).isTrue();
    }

    @Test
    void aPolicyMayChangeTheLengthLimits() {
        SmtpPasswordPolicy policy = FAST.withLength(12, 20);

        assertThatThrownBy(() -> SmtpPasswordHash.hash("elevenchars".toCharArray(), policy))
                .isInstanceOf(InvalidPasswordException.class).hasMessageContaining("at least 12");
        assertThat(SmtpPasswordHash.hash("twelve-chars".toCharArray(), policy).iterations()).isEqualTo(1_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "pbkdf2-sha256",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4$",
            "$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "bcrypt$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "PBKDF2-SHA256$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$abc$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$01000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$+1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$-1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$999$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$10000001$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$99999999999$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODx$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0O$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsX-jrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsX jrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4",
            "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4\n"})
    void parse_refusesTextThatIsNotAnEncodedHash(String encoded) {
        assertThatThrownBy(() -> SmtpPasswordHash.parse(encoded))
                .isInstanceOf(InvalidPasswordHashException.class)
                .hasMessageContaining("encoded SMTP password hash")
                .hasMessageNotContaining("ppsX")
                .hasMessageNotContaining("AAECAwQFBgcICQoLDA0O");
    }

    @Test
    void parse_namesTheBadField() {
        assertThatThrownBy(() -> SmtpPasswordHash.parse("bcrypt$1000$AAECAwQFBgcICQoLDA0ODw$ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4"))
                .hasMessageContaining("algorithm \"bcrypt\"");
        assertThatThrownBy(() -> SmtpPasswordHash.parse(HORSE.replace("$1000$", "$999$")))
                .hasMessageContaining("iteration count").hasMessageContaining("999");
        assertThatThrownBy(() -> SmtpPasswordHash.parse(HORSE.replace("AAECAwQFBgcICQoLDA0ODw", "AAECAwQFBgcICQoLDA0O")))
                .hasMessageContaining("salt").hasMessageContaining("15 bytes; expected 16");
        assertThatThrownBy(() -> SmtpPasswordHash.parse(HORSE.replace("ppsXnjrdPB4KryJ6DrOqKqhkWrhv7PbKAMF1Eml8cZ4", "ppsX")))
                .hasMessageContaining("hash").hasMessageContaining("expected 32");
        assertThatThrownBy(() -> SmtpPasswordHash.parse("a$b$c")).hasMessageContaining("3 $-separated fields");
        assertThatThrownBy(() -> SmtpPasswordHash.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void policyBadValues_areRefusedAndNamed() {
        SmtpPasswordPolicy policy = SmtpPasswordPolicy.defaults();

        assertThat(policy).isEqualTo(new SmtpPasswordPolicy(8, 128, 600_000));
        assertThatThrownBy(() -> policy.withLength(0, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minLength");
        assertThatThrownBy(() -> policy.withLength(10, 9)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLength");
        assertThatThrownBy(() -> policy.withLength(8, 1025)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025");
        assertThatThrownBy(() -> policy.withIterations(999)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
        assertThatThrownBy(() -> policy.withIterations(10_000_001)).isInstanceOf(IllegalArgumentException.class);
        assertThat(policy.withLength(1, 1024).maxLength()).isEqualTo(1024);
    }
}
