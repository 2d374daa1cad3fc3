package io.flagbridge.internal.changes;

import io.flagbridge.FlagChanged;

/**
 * A change FlagBridge reports, for its own async observers (the Segment dispatcher): the public event and what makes
 * it the same change on every replica.
 *
 * @param change the event the application's observers get
 * @param identity {@code sdk}, the flag key and a hash of its new setting; or {@code webhook}, the webhook's ID and
 *        the flag key
 */
public record ChangeNotice(FlagChanged change, String identity) {
}
