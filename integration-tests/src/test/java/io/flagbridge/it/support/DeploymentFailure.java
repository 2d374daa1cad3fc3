package io.flagbridge.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.flagbridge.testing.WeldApp;

/**
 * What a failed deployment says: the exception the runtime threw and, on Open Liberty, what its log got meanwhile.
 * Liberty's adapter keeps only the first line of a nested exception (Weld's "Exception List with 1 exceptions:") and
 * reports an initializer's exception as a timeout: the message is in {@code messages.log}.
 */
public final class DeploymentFailure {

    private DeploymentFailure() {
    }

    /**
     * Deploys the application, which must fail.
     *
     * @return the failure's description, followed on Liberty by the lines its log got during the deployment
     * @throws AssertionError when it deploys
     */
    public static String of(AppServer server, String app) {
        Path log = server.name().equals("liberty") ? Path.of(System.getProperty("liberty.home"), "usr", "servers",
                System.getProperty("liberty.server"), "logs", "messages.log") : null;
        long before = log == null ? 0 : size(log);
        try {
            server.deploy(app);
        } catch (Throwable e) { // Arquillian's DeploymentException is checked, and thrown all the same
            return WeldApp.describe(e) + (log == null ? "" : "\n" + readFrom(log, before));
        }
        throw new AssertionError(app + " deployed; expected its deployment to fail");
    }

    private static long size(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readFrom(Path log, long offset) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
