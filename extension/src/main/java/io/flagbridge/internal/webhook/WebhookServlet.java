package io.flagbridge.internal.webhook;

import java.io.IOException;
import java.io.InputStream;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Carries ConfigCat's webhook over HTTP ({@code POST} and {@code GET}) to the {@link WebhookEndpoint}. */
public class WebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The most of a refused request's body that is read, to be thrown away. */
    static final int DISCARD_LIMIT = 1024 * 1024;

    /**
     * An {@code Instance}, so that the servlet class is injectable also when the webhook is off and there is no
     * endpoint: Payara Server makes an injection target for every servlet class of a bean archive, registered or not.
     */
    @Inject
    transient Instance<WebhookEndpoint> endpoints;

    transient WebhookEndpoint endpoint;

    @Override
    public void init() {
        // Registered only when the webhook is on: there is an endpoint then.
        endpoint = endpoints.get();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handle(request, response);
    }

    /**
     * Reads a refused request's body, up to {@link #DISCARD_LIMIT}, and throws it away: over HTTP/2 the client sends
     * what the stream's window allows and waits for the server to read the rest, which Payara Server's Grizzly never
     * does for a body left unread, so the client would never see the answer.
     *
     * @return whether the whole body was read (else the connection is to be closed)
     */
    private static boolean discard(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            long left = DISCARD_LIMIT;
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
            return left > 0 || in.read() < 0;
        } catch (IOException e) {
            return false; // the client is gone
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String from = request.getRemoteAddr();
        WebhookEndpoint.Headers headers = new WebhookEndpoint.Headers(request.getHeader("X-ConfigCat-Webhook-ID"),
                request.getHeader("X-ConfigCat-Webhook-Timestamp"),
                request.getHeader("X-ConfigCat-Webhook-Signature-V1"));
        // The headers first: an unsigned, stale or late request is refused without reading its body.
        WebhookEndpoint.Answer answer = endpoint.check(from, headers).orElse(null);
        boolean bodyRead = false;
        if (answer == null && request.getContentLengthLong() > WebhookEndpoint.MAX_BODY) {
            answer = endpoint.refuse(from, 413, "body over 64 KiB");
        }
        if (answer == null) {
            bodyRead = true;
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(WebhookEndpoint.MAX_BODY + 1);
            }
            answer = body.length > WebhookEndpoint.MAX_BODY ? endpoint.refuse(from, 413, "body over 64 KiB")
                    : endpoint.handle(from, headers, body);
        }
        endpoint.answered(answer);
        if (!bodyRead && !discard(request)) {
            response.setHeader("Connection", "close");
        }
        response.setStatus(answer.status());
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(answer.text());
    }
}
