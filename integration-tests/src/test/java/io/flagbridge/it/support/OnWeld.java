package io.flagbridge.it.support;

/** The base of every {@code *OnWeldIT}: each test application in a Weld SE container of its own, in the test JVM. */
public abstract class OnWeld {

    private final AppServer server = new WeldServer();

    /** The server, as the scenarios see it. */
    public AppServer server() {
        return server;
    }
}
