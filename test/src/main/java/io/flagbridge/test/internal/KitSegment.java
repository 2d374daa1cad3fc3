package io.flagbridge.test.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.flagbridge.internal.spi.Capture;
import io.flagbridge.test.RecordedSegment;

/** One application's recording Segment: the capture FlagBridge sends to, and the {@link RecordedSegment} bean. */
final class KitSegment implements RecordedSegment, Capture {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** The most messages kept: the oldest are forgotten past it (a kit left in a production WAR). */
    static final int MAX_MESSAGES = 10_000;

    private final ArrayDeque<String> messages = new ArrayDeque<>();
    private final Runnable flush;

    /** @param flush has FlagBridge send what it holds now */
    KitSegment(Runnable flush) {
        this.flush = flush;
    }

    @Override
    public void batch(List<String> batch) {
        lock.lock();
        try {
            for (String message : batch) {
                if (messages.size() == MAX_MESSAGES) {
                    messages.removeFirst();
                }
                messages.addLast(message);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> messages() {
        lock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> tracks(String event) {
        return messages().stream().filter(m -> is(m, "track", event)).toList();
    }

    @Override
    public List<String> identifies() {
        return messages().stream().filter(m -> is(m, "identify", null)).toList();
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            messages.clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> awaitTracks(String event, int count, Duration timeout) {
        if (event == null || count < 1 || timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(Messages.awaitArguments(event, count, timeout));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> tracks = tracks(event);
            if (tracks.size() >= count) {
                return tracks;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(Messages.tracksMissing(event, count, timeout, tracks.size(),
                        messages().toString()));
            }
            flush.run();
            lock.lock();
            try {
                arrived.awaitNanos(Math.min(left, POLL_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(Messages.tracksMissing(event, count, timeout, tracks.size(),
                        messages().toString()), e);
            } finally {
                lock.unlock();
            }
        }
    }

    private static boolean is(String message, String type, String event) {
        JsonObject json = JsonParser.parseString(message).getAsJsonObject();
        return type.equals(text(json.get("type"))) && (event == null || event.equals(text(json.get("event"))));
    }

    private static String text(JsonElement element) {
        return element == null || !element.isJsonPrimitive() ? null : element.getAsString();
    }

    @Override
    public String toString() {
        return "RecordedSegment" + messages();
    }
}
