package io.flagbridge.openfeature.internal;

import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.SkipIfPortableExtensionPresent;

/**
 * OpenFeature where the container runs no portable extension (Quarkus): the {@link OpenFeatureLifecycle} bean. Weld-based
 * containers skip it and run {@link OpenFeatureExtension}.
 */
@SkipIfPortableExtensionPresent(OpenFeatureExtension.class)
public class OpenFeatureBuildExtension implements BuildCompatibleExtension {

    @Discovery
    public void discover(ScannedClasses scan) {
        scan.add(OpenFeatureLifecycle.class.getName());
    }
}
