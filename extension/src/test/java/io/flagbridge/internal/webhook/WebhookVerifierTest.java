package io.flagbridge.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.flagbridge.internal.util.Secret;
import io.flagbridge.internal.webhook.WebhookVerifier.Verdict;
import io.flagbridge.testing.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookVerifierTest {

    // Test vector from ConfigCat's docs, "Notifications - Webhooks" > "Verifying Webhook requests"
    // (https://configcat.com/docs/advanced/notifications-webhooks/, source: configcat/docs
    // website/docs/advanced/notifications-webhooks.mdx).
    static final String DOC_KEY = "configcat_whsk_VN3juirnVh5pNvCKd81RYRYchxUX4j3NykbZG2fAy88=";
    static final String DOC_ID = "b616ca659d154a5fb907dd8475792eeb";
    static final String DOC_TIMESTAMP = "1669629035";
    static final byte[] DOC_BODY = "examplebody".getBytes(StandardCharsets.UTF_8);
    static final String DOC_SIGNATURE = "Ks3cYsu9Lslfo+hVxNC3oQWnsF9e5d73TI5t94D9DRA=";

    static final long NOW = 1669629035L;
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    static final String OTHER_KEY = "configcat_whsk_second-key-for-rotation-000000000000000000=";
    static final String UNKNOWN_KEY = "configcat_whsk_someone-elses-key-11111111111111111111111=";

    static WebhookVerifier verifier(String... keys) {
        return new WebhookVerifier(secrets(keys), MAX_AGE, CLOCK);
    }

    static List<Secret> secrets(String... keys) {
        return Arrays.stream(keys).map(Secret::of).toList();
    }

    static String sign(String key, String id, String timestamp, byte[] body) {
        return WebhookSignature.sign(key, id, timestamp, body);
    }

    @Test
    void documentedTestVectorIsValid() {
        assertThat(verifier(DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void ourHmacHelperReproducesTheDocumentedSignature() throws Exception {
        assertThat(sign(DOC_KEY, DOC_ID, DOC_TIMESTAMP, DOC_BODY)).isEqualTo(DOC_SIGNATURE);
    }

    @Test
    void secondOfTwoKeysVerifies() {
        assertThat(verifier(OTHER_KEY, DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, DOC_SIGNATURE, DOC_BODY))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void headerWithTwoSignaturesWhereOnlyTheSecondIsRightVerifies() throws Exception {
        String first = sign(UNKNOWN_KEY, DOC_ID, DOC_TIMESTAMP, DOC_BODY);
        assertThat(verifier(DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, first + "," + DOC_SIGNATURE, DOC_BODY))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void rotationHeaderAsConfigCatSendsItVerifiesWithEitherKey() throws Exception {
        String header = sign(OTHER_KEY, DOC_ID, DOC_TIMESTAMP, DOC_BODY) + "," + DOC_SIGNATURE;
        assertThat(verifier(OTHER_KEY).verify(DOC_ID, DOC_TIMESTAMP, header, DOC_BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifier(DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, header, DOC_BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void wrongSignatureIsRejected() {
        // valid base64, 32 bytes, but not the right MAC
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(verifier(DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, wrong, DOC_BODY))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void tamperedBodyIsRejected() {
        byte[] tampered = "examplebodY".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier(DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, DOC_SIGNATURE, tampered))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void signatureMadeWithUnknownKeyIsRejected() throws Exception {
        String foreign = sign(UNKNOWN_KEY, DOC_ID, DOC_TIMESTAMP, DOC_BODY);
        assertThat(verifier(DOC_KEY, OTHER_KEY).verify(DOC_ID, DOC_TIMESTAMP, foreign, DOC_BODY))
                .isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @ParameterizedTest(name = "{0} s from now: {1}")
    @CsvSource({ "-301, STALE", "-300, VALID", "0, VALID", "60, VALID", "61, STALE", "299, STALE" })
    void aSignedTimestampIsValidWithinMaxAgeOfNow(long offsetSeconds, Verdict expected) {
        String ts = Long.toString(NOW + offsetSeconds);
        assertThat(verifier(DOC_KEY).verify(DOC_ID, ts, sign(DOC_KEY, DOC_ID, ts, DOC_BODY), DOC_BODY))
                .isEqualTo(expected);
    }

    @Test
    void aTimestampWithLeadingZerosIsMalformedSoThatNoDigitMovesBetweenIdAndTimestamp() {
        // "wh-10" + "0" + "1669629035" signs the same bytes as "wh-100" + "1669629035".
        String signature = sign(DOC_KEY, "wh-100", DOC_TIMESTAMP, DOC_BODY);
        assertThat(verifier(DOC_KEY).verify("wh-100", DOC_TIMESTAMP, signature, DOC_BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifier(DOC_KEY).verify("wh-10", "0" + DOC_TIMESTAMP, signature, DOC_BODY))
                .isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void nonNumericTimestampIsMalformed() {
        WebhookVerifier v = verifier(DOC_KEY);
        assertThat(v.verify(DOC_ID, "yesterday", DOC_SIGNATURE, DOC_BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(v.verify(DOC_ID, "1669629035.5", DOC_SIGNATURE, DOC_BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(v.verify(DOC_ID, "-1669629035", DOC_SIGNATURE, DOC_BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(v.verify(DOC_ID, "99999999999999999999999", DOC_SIGNATURE, DOC_BODY))
                .isEqualTo(Verdict.MALFORMED);
    }

    @ParameterizedTest(name = "id={0} timestamp={1} signature={2}")
    @CsvSource(nullValues = "null", value = { "null, 1669629035, sig", "'', 1669629035, sig", "id, null, sig",
            "id, '  ', sig", "id, 1669629035, null", "id, 1669629035, ' '" })
    void aMissingHeaderIsReportedAsSuch(String id, String timestamp, String signature) {
        assertThat(verifier(DOC_KEY).verify(id == null ? null : id.isEmpty() ? "" : DOC_ID, timestamp,
                "sig".equals(signature) ? DOC_SIGNATURE : signature, DOC_BODY)).isEqualTo(Verdict.MISSING_HEADER);
    }

    @Test
    void garbageBase64IsMalformed() {
        WebhookVerifier v = verifier(DOC_KEY);
        assertThat(v.verify(DOC_ID, DOC_TIMESTAMP, "!!!not*base64???", DOC_BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(v.verify(DOC_ID, DOC_TIMESTAMP, DOC_SIGNATURE + ",%%%", DOC_BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(v.verify(DOC_ID, DOC_TIMESTAMP, ",", DOC_BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void requestWithoutBodyIsSignedOverIdAndTimestampOnly() throws Exception {
        String sig = sign(DOC_KEY, DOC_ID, DOC_TIMESTAMP, new byte[0]);
        assertThat(verifier(DOC_KEY).verify(DOC_ID, DOC_TIMESTAMP, sig, null)).isEqualTo(Verdict.VALID);
    }

    @Test
    void constructorRejectsBadKeyListsWithoutLeakingKeys() {
        assertThatThrownBy(() -> new WebhookVerifier(List.of(), MAX_AGE, CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookVerifier(secrets(DOC_KEY, OTHER_KEY, UNKNOWN_KEY), MAX_AGE, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(DOC_KEY);
        assertThatThrownBy(() -> secrets(DOC_KEY, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringDoesNotContainKeys() {
        String s = verifier(DOC_KEY, OTHER_KEY).toString();
        assertThat(s).doesNotContain(DOC_KEY).doesNotContain(OTHER_KEY).doesNotContain("VN3juirn");
    }
}
