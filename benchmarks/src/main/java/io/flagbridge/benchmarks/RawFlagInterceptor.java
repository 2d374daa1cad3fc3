package io.flagbridge.benchmarks;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import com.configcat.ConfigCatClient;
import com.configcat.User;

/**
 * The least an application could write by hand: the first argument is the user, the flag key is fixed, the raw
 * client (no hooks, no events, no Segment) decides. Same priority as FlagBridge's interceptor.
 */
@Interceptor
@RawFlag
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 10)
public class RawFlagInterceptor {

    private final ConfigCatClient client = RawClient.get();

    @AroundInvoke
    Object gate(InvocationContext context) throws Exception {
        User user = (User) context.getParameters()[0];
        if (client.getValue(Boolean.class, BenchApp.TARGETED, user, false)) {
            return context.proceed();
        }
        throw new IllegalStateException("flag '" + BenchApp.TARGETED + "' is off");
    }
}
