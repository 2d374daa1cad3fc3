package io.flagbridge.it.openfeature;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS with default scanning. */
@ApplicationPath("api")
public class OpenFeatureApplication extends Application {
}
