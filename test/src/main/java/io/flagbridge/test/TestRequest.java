package io.flagbridge.test;

/**
 * The HTTP request that the beans of a {@link FlagBridgeTest} see on Weld SE, which has no servlet container: when the
 * Servlet API is on the test class path and none of the test's beans produces an
 * {@code jakarta.servlet.http.HttpServletRequest}, the kit adds a request-scoped one whose headers, parameters and
 * caller come from here. So a {@code FlagUserResolver} that reads a header, or {@code @FeatureFlag}'s caller from
 * {@code getUserPrincipal()}, runs in a test unchanged.
 * <p>
 * Before each test the request is cleared, then the {@link RequestHeader}s of the test class and method are set. Other
 * parts of the request (its body, session, attributes) are not offered: such a call throws
 * {@code UnsupportedOperationException} naming the method. In an Arquillian in-container test the server's own
 * request is used and this bean does not exist.
 */
public interface TestRequest {

    /**
     * Sets a header (case-insensitive name, as HTTP has it), replacing its earlier values.
     *
     * @param name the header's name, not blank
     * @param value its value; {@code null} removes the header
     * @return this request
     */
    TestRequest header(String name, String value);

    /**
     * Sets a query or form parameter, replacing its earlier values.
     *
     * @param name the parameter's name, not blank
     * @param value its value; {@code null} removes the parameter
     * @return this request
     */
    TestRequest parameter(String name, String value);

    /**
     * Sets the caller: {@code getUserPrincipal()} then has this name and {@code getRemoteUser()} returns it.
     *
     * @param name the caller's name; {@code null} for a caller who has not logged in (the default)
     * @return this request
     */
    TestRequest caller(String name);

    /** Removes every header and parameter and the caller. */
    void clear();
}
