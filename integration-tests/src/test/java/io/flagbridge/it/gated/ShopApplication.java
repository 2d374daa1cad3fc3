package io.flagbridge.it.gated;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS with default scanning: FlagBridge's 404 mapper is found in WEB-INF/lib. */
@ApplicationPath("api")
public class ShopApplication extends Application {
}
