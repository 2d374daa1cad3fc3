package io.flagbridge.it.gated;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.flagbridge.interceptor.FeatureDisabledException;

/** An application's own mapper, which replaces FlagBridge's 404. */
@Provider
public class GoneMapper implements ExceptionMapper<FeatureDisabledException> {

    @Override
    public Response toResponse(FeatureDisabledException exception) {
        return Response.status(Response.Status.GONE).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("gone: " + exception.flagKey()).build();
    }
}
