package io.flagbridge.openfeature.gherkin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;

/**
 * Prints, at the end of the run, how many of the OpenFeature specification's scenarios passed, were skipped (grouped
 * by reason) and failed (by name): one look tells what FlagBridge passes.
 */
public final class SuiteSummary implements ConcurrentEventListener {

    private final List<String> passed = new ArrayList<>();
    private final Map<String, List<String>> skipped = new TreeMap<>();
    private final List<String> failed = new ArrayList<>();

    @Override
    public void setEventPublisher(EventPublisher publisher) {
        publisher.registerHandlerFor(TestCaseFinished.class, this::finished);
        publisher.registerHandlerFor(TestRunFinished.class, event -> print());
    }

    private synchronized void finished(TestCaseFinished event) {
        TestCase scenario = event.getTestCase();
        String uri = scenario.getUri().toString();
        String name = uri.substring(uri.lastIndexOf('/') + 1) + ":" + scenario.getLocation().getLine() + " "
                + scenario.getName();
        Status status = event.getResult().getStatus();
        if (status == Status.PASSED) {
            passed.add(name);
        } else if (status == Status.SKIPPED) {
            Throwable why = event.getResult().getError();
            String reason = why == null || why.getMessage() == null ? "(no reason given)" : why.getMessage();
            skipped.computeIfAbsent(reason, r -> new ArrayList<>()).add(name);
        } else {
            failed.add(name + " (" + status + ")");
        }
    }

    private synchronized void print() {
        int skips = skipped.values().stream().mapToInt(List::size).sum();
        StringBuilder text = new StringBuilder("\nOpenFeature Gherkin suites (openfeature-gherkin/README.md): ")
                .append(passed.size() + skips + failed.size()).append(" scenarios; passed ").append(passed.size())
                .append(", skipped ").append(skips).append(", failed ").append(failed.size()).append('\n');
        skipped.forEach((reason, names) -> {
            text.append("  skipped ").append(names.size()).append(", ").append(reason).append('\n');
            names.forEach(name -> text.append("      ").append(name).append('\n'));
        });
        failed.forEach(name -> text.append("  FAILED ").append(name).append('\n'));
        System.out.println(text);
    }
}
