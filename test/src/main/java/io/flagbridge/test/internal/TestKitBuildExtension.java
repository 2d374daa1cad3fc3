package io.flagbridge.test.internal;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;

/**
 * The test kit where the container runs no portable extension (Quarkus): the {@link KitBean}. Weld-based containers
 * skip it and run {@link TestKitExtension}.
 */
@SkipIfPortableExtensionPresent(TestKitExtension.class)
public class TestKitBuildExtension implements BuildCompatibleExtension {

    @Discovery
    public void discover(ScannedClasses scan) {
        scan.add(KitBean.class.getName());
    }
}
