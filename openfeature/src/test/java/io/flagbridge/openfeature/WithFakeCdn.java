package io.flagbridge.openfeature;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.flagbridge.testing.FakeConfigCatCdn;
import io.flagbridge.testing.WeldApp;

/** A test with a fake ConfigCat CDN on 127.0.0.1 and at most one application, both closed after each test. */
abstract class WithFakeCdn {

    FakeConfigCatCdn cdn;
    WeldApp app;

    @BeforeEach
    void startCdn() {
        cdn = FakeConfigCatCdn.start();
    }

    @AfterEach
    void stop() {
        cdn.release(); // a held answer first, so that the client's HTTP thread ends with the application
        if (app != null) {
            app.close();
        }
        cdn.close();
    }
}
