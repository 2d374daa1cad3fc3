/**
 * FlagBridge's method-level feature gates. The {@code @FeatureFlag} interceptor binding comes with the interceptor
 * issue; until then this module only carries the extension to the application, so that an application depends on
 * {@code io.flagbridge:flagbridge-interceptor} alone.
 */
package io.flagbridge.interceptor;
