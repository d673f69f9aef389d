package dev.tessera.server.logging;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Supplier;

/**
 * A stack trace converter with credentials taken out of the exception messages it prints (a URI with its query, a
 * header echoed by a parser). It must itself be a {@link ThrowableHandlingConverter}: otherwise logback, seeing no
 * stack trace converter in the pattern, appends its own, and every trace is printed twice, once unredacted.
 */
final class RedactingThrowableConverter extends ThrowableHandlingConverter {

    private final Supplier<? extends ThrowableHandlingConverter> original;
    private ThrowableHandlingConverter delegate;

    RedactingThrowableConverter(Supplier<? extends ThrowableHandlingConverter> original) {
        this.original = original;
    }

    @Override
    public void start() {
        delegate = original.get();
        delegate.setOptionList(getOptionList());
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        delegate.stop();
        super.stop();
    }

    @Override
    public String convert(ILoggingEvent event) {
        return Redaction.TEXT.apply(null, delegate.convert(event));
    }
}
