package io.flagbridge;

import java.util.Optional;

import com.configcat.User;

/**
 * Tells FlagBridge who the current user is, for flags evaluated by {@code @FeatureFlag} methods that have no
 * {@code @FlagUser} parameter.
 * <p>
 * Implement it in one bean of the application (any scope; a {@code @RequestScoped} bean can read the request). The
 * user for a {@code @FeatureFlag} evaluation comes from, in order: the method's {@code @FlagUser} parameter; else this
 * bean; else, when this bean returns empty or there is none, the caller's {@link java.security.Principal} where the
 * container offers one (its name is the identifier); else no user.
 */
public interface FlagUserResolver {

    /**
     * The user that flags are evaluated for on the current thread.
     *
     * @return the user, or empty when there is none (then the caller's principal, if any, is used); never
     *         {@code null}
     */
    Optional<User> currentUser();
}
