package io.flagbridge.internal.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import io.flagbridge.internal.util.Secret;
import io.flagbridge.testing.WebhookSignature;

import static org.assertj.core.api.Assertions.assertThat;

/** The servlet only carries requests: size limits, the signed headers and the body, the answer. */
class WebhookServletTest {

    static final String KEY = "configcat_whsk_flagbridge-servlet-00000000000000000";

    /** What the servlet wrote. */
    static final class Written {
        int status;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter text = new StringWriter();
    }

    static HttpServletRequest request(String method, Map<String, String> headers, ByteArrayInputStream body,
            long contentLength) {
        return (HttpServletRequest) Proxy.newProxyInstance(WebhookServletTest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getContentLengthLong" -> contentLength;
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getInputStream" -> input(body);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static ServletInputStream input(ByteArrayInputStream in) {
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static HttpServletResponse response(Written written) {
        PrintWriter writer = new PrintWriter(written.text);
        return (HttpServletResponse) Proxy.newProxyInstance(WebhookServletTest.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> written.status = (Integer) args[0];
                        case "setContentType" -> written.contentType = (String) args[0];
                        case "setHeader" -> written.headers.put((String) args[0], (String) args[1]);
                        case "getWriter" -> {
                            return writer;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
    }

    /** A servlet whose endpoint verifies with {@link #KEY} (it refuses everything here: no client to refresh). */
    static WebhookServlet servlet() {
        WebhookServlet servlet = new WebhookServlet();
        servlet.endpoint = new WebhookEndpoint(new WebhookVerifier(List.of(Secret.of(KEY)), Duration.ofMinutes(5),
                Clock.systemUTC()), Duration.ofMinutes(5), Clock.systemUTC(), null, null);
        return servlet;
    }

    Written call(String method, Map<String, String> headers, byte[] body, long contentLength) throws IOException {
        return call(method, headers, new ByteArrayInputStream(body), contentLength);
    }

    Written call(String method, Map<String, String> headers, ByteArrayInputStream body, long contentLength)
            throws IOException {
        Written written = new Written();
        WebhookServlet servlet = servlet();
        if (method.equals("POST")) {
            servlet.doPost(request(method, headers, body, contentLength), response(written));
        } else {
            servlet.doGet(request(method, headers, body, contentLength), response(written));
        }
        return written;
    }

    static Map<String, String> headers(String id, byte[] body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return Map.of("X-ConfigCat-Webhook-ID", id, "X-ConfigCat-Webhook-Timestamp", timestamp,
                "X-ConfigCat-Webhook-Signature-V1", WebhookSignature.sign(KEY, id, timestamp, body));
    }

    @Test
    void aBodyOver64KiBIsRefusedByItsLengthOrWhileRead() throws IOException {
        byte[] big = new byte[WebhookEndpoint.MAX_BODY + 1];
        Written declared = call("POST", headers("id", big), big, big.length);
        assertThat(declared.status).isEqualTo(413);
        assertThat(declared.text.toString()).isEqualTo("body over 64 KiB");
        Written chunked = call("POST", headers("id", big), big, -1);
        assertThat(chunked.status).isEqualTo(413);
    }

    /**
     * A refused body is read and thrown away, up to 1 MiB, so that a client whose HTTP/2 stream waits for the server to
     * read it gets the answer (Payara Server); a longer one is left, and the connection closed.
     */
    @Test
    void aRefusedBodyIsReadAndThrownAwayUpToOneMebibyte() throws IOException {
        byte[] over = new byte[WebhookEndpoint.MAX_BODY + 1];
        ByteArrayInputStream overBody = new ByteArrayInputStream(over);
        Written refused = call("POST", headers("id", over), overBody, over.length);
        assertThat(refused.status).isEqualTo(413);
        assertThat(overBody.available()).as("left unread").isZero();
        assertThat(refused.headers).isEmpty();

        byte[] huge = new byte[WebhookServlet.DISCARD_LIMIT + 1];
        ByteArrayInputStream hugeBody = new ByteArrayInputStream(huge);
        Written closed = call("POST", headers("id", huge), hugeBody, huge.length);
        assertThat(closed.status).isEqualTo(413);
        assertThat(closed.headers).containsEntry("Connection", "close");
        assertThat(hugeBody.available()).as("left unread").isEqualTo(huge.length - WebhookServlet.DISCARD_LIMIT - 1);
    }

    @Test
    void theSignedHeadersAndTheRawBodyReachTheEndpointAndItsAnswerIsWritten() throws IOException {
        byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
        Written unsigned = call("POST", Map.of(), body, body.length);
        assertThat(unsigned.status).isEqualTo(401);
        assertThat(unsigned.contentType).isEqualTo("text/plain;charset=UTF-8");
        assertThat(unsigned.text.toString()).isEqualTo("missing header");
        Map<String, String> wrongBody = headers("id", "other body".getBytes(StandardCharsets.UTF_8));
        assertThat(call("GET", wrongBody, body, body.length).status).as("a GET is verified like a POST")
                .isEqualTo(401);
    }
}
