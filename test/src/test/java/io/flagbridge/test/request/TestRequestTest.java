package io.flagbridge.test.request;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.flagbridge.test.FlagBridgeTest;
import io.flagbridge.test.FlagOverride;
import io.flagbridge.test.RecordedSegment;
import io.flagbridge.test.RequestHeader;
import io.flagbridge.test.TestRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The kit's HttpServletRequest on Weld SE: headers from @RequestHeader and TestRequest, the caller, the limits. */
@FlagBridgeTest(beans = HeaderShop.class)
@RequestHeader(name = "X-User", value = "ann")
@FlagOverride(key = "beta", value = "true")
class TestRequestTest {

    @Inject
    HeaderShop shop;

    @Inject
    TestRequest request;

    @Inject
    RecordedSegment segment;

    @Test
    void theClassHeaderGivesTheUserOfTheGateAndItsExposure() {
        assertThat(shop.beta()).isEqualTo("beta ran");
        assertThat(segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10))).singleElement()
                .asString().contains("\"userId\":\"ann\"", "\"feature_flag_key\":\"beta\"");
    }

    @Test
    @RequestHeader(name = "x-user", value = "bob")
    void aMethodHeaderWinsOverTheClassesWhateverItsCase() {
        assertThat(shop.request().getHeader("X-User")).isEqualTo("bob");
        assertThat(shop.beta()).isEqualTo("beta ran");
        assertThat(segment.awaitTracks("Feature Flag Evaluated", 1, Duration.ofSeconds(10))).singleElement()
                .asString().contains("\"userId\":\"bob\"");
    }

    @Test
    void whatATestSetsIsSeenAtOnceAndTheNextTestStartsAgainFromTheAnnotations() {
        request.header("X-User", "carol").parameter("q", "shoes").caller("dora");
        assertThat(shop.currentUser()).map(user -> user.getIdentifier()).contains("carol");
        assertThat(shop.request().getParameter("q")).isEqualTo("shoes");
        assertThat(shop.request().getUserPrincipal().getName()).isEqualTo("dora");
        assertThat(shop.request().getRemoteUser()).isEqualTo("dora");
        request.header("X-User", null);
        assertThat(shop.currentUser()).isEmpty();
    }

    @Test
    void noCallerUnlessATestSetsOne() {
        assertThat(shop.request().getUserPrincipal()).isNull();
        assertThat(shop.request().getParameter("q")).isNull();
        assertThat(shop.request().getHeader("X-User")).isEqualTo("ann");
    }

    @Test
    void whatTheKitDoesNotOfferSaysSo() {
        assertThatThrownBy(() -> shop.request().getSession()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("FLAGBRIDGE-0221: the test kit's HttpServletRequest offers headers, parameters and the "
                        + "caller (TestRequest); HttpServletRequest.getSession() is not offered on Weld SE: run the "
                        + "test in-container for it");
        assertThatThrownBy(() -> request.header(" ", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FLAGBRIDGE-0220: a TestRequest header or parameter needs a name; expected a name that is "
                        + "not blank");
    }
}
