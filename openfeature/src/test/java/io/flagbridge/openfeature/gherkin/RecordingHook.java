package io.flagbridge.openfeature.gherkin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;

/** A hook that writes down each stage it runs ("name stage") and the details its after and finally stages get. */
@SuppressWarnings({ "rawtypes", "unchecked" })
final class RecordingHook implements Hook {

    private final String name;
    private final List<String> calls;
    private final Map<String, FlagEvaluationDetails<?>> details;

    RecordingHook(String name, List<String> calls) {
        this(name, calls, new java.util.concurrent.ConcurrentHashMap<>());
    }

    RecordingHook(String name, List<String> calls, Map<String, FlagEvaluationDetails<?>> details) {
        this.name = name;
        this.calls = calls;
        this.details = details;
    }

    @Override
    public Optional<EvaluationContext> before(HookContext ctx, Map hints) {
        calls.add(name + " before");
        return Optional.empty();
    }

    @Override
    public void after(HookContext ctx, FlagEvaluationDetails details, Map hints) {
        calls.add(name + " after");
        this.details.put("after", details);
    }

    @Override
    public void error(HookContext ctx, Exception error, Map hints) {
        calls.add(name + " error");
    }

    @Override
    public void finallyAfter(HookContext ctx, FlagEvaluationDetails details, Map hints) {
        calls.add(name + " finally");
        this.details.put("finally", details);
    }
}
