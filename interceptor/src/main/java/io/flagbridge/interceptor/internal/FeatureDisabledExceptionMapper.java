package io.flagbridge.interceptor.internal;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.flagbridge.interceptor.FeatureDisabledException;

/**
 * Answers a gated JAX-RS resource whose flag is off with {@code 404 Not Found}: a feature that is off is a resource
 * that does not exist. Found by the server's scan of WEB-INF/lib; its priority is lower than the default
 * ({@code USER}), so an application's own {@code ExceptionMapper<FeatureDisabledException>} wins.
 */
@Provider
@Priority(FeatureDisabledExceptionMapper.PRIORITY)
public class FeatureDisabledExceptionMapper implements ExceptionMapper<FeatureDisabledException> {

    static final int PRIORITY = jakarta.ws.rs.Priorities.USER + 1000;

    @Override
    public Response toResponse(FeatureDisabledException exception) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("Not Found").build();
    }
}
