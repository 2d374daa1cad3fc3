package io.flagbridge.it.request;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS with default scanning. */
@ApplicationPath("api")
public class RequestApplication extends Application {
}
