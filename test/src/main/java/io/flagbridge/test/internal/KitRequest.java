package io.flagbridge.test.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import io.flagbridge.test.TestRequest;

/**
 * The kit's {@link TestRequest} and the {@link HttpServletRequest} made of it. Loaded only where the Servlet API is on
 * the class path.
 */
final class KitRequest implements TestRequest {

    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private volatile String caller;

    @Override
    public TestRequest header(String name, String value) {
        String key = nameOf(name).toLowerCase(Locale.ROOT);
        if (value == null) {
            headers.remove(key);
        } else {
            headers.put(key, value);
        }
        return this;
    }

    @Override
    public TestRequest parameter(String name, String value) {
        if (value == null) {
            parameters.remove(nameOf(name));
        } else {
            parameters.put(nameOf(name), value);
        }
        return this;
    }

    @Override
    public TestRequest caller(String name) {
        caller = name;
        return this;
    }

    @Override
    public void clear() {
        headers.clear();
        parameters.clear();
        caller = null;
    }

    private static String nameOf(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(Messages.blankRequestName());
        }
        return name;
    }

    /** A request whose every call reads this one's state at that moment. */
    HttpServletRequest servletRequest() {
        return (HttpServletRequest) Proxy.newProxyInstance(KitRequest.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> answer(proxy, method, args));
    }

    private Object answer(Object proxy, Method method, Object[] args) {
        String caller = this.caller;
        switch (method.getName()) {
            case "getHeader":
                return headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
            case "getHeaders": {
                String value = headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                return Collections.enumeration(value == null ? List.of() : List.of(value));
            }
            case "getHeaderNames":
                return Collections.enumeration(List.copyOf(headers.keySet()));
            case "getParameter":
                return parameters.get((String) args[0]);
            case "getParameterValues": {
                String value = parameters.get((String) args[0]);
                return value == null ? null : new String[] { value };
            }
            case "getParameterNames":
                return Collections.enumeration(List.copyOf(parameters.keySet()));
            case "getParameterMap": {
                Map<String, String[]> map = new TreeMap<>();
                parameters.forEach((name, value) -> map.put(name, new String[] { value }));
                return Collections.unmodifiableMap(map);
            }
            case "getUserPrincipal":
                return caller == null ? null : (Principal) () -> caller;
            case "getRemoteUser":
                return caller;
            case "isUserInRole":
                return false;
            case "getMethod":
                return "GET";
            case "toString":
                return "TestRequest" + headers.keySet();
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                throw new UnsupportedOperationException(Messages.requestMethodUnsupported(method.getName()));
        }
    }
}
