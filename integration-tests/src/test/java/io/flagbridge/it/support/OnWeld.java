package io.flagbridge.it.support;

import org.junit.jupiter.api.AfterEach;

/** The base of every {@code *OnWeldIT}: each test application in a Weld SE container of its own, in the test JVM. */
public abstract class OnWeld {

    private final WeldServer server = new WeldServer();

    /** The server, as the scenarios see it. */
    public AppServer server() {
        return server;
    }

    /** What a test left deployed ({@link AppServer#deployForClass}) ends with it. */
    @AfterEach
    void undeployWhatIsLeft() {
        server.undeployAll();
    }
}
