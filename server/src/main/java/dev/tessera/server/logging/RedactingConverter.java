package dev.tessera.server.logging;

import ch.qos.logback.core.pattern.DynamicConverter;
import java.util.function.Supplier;

/**
 * One of logback's own converters (the message, the request line, a header...) with credentials taken out of what
 * it writes. Registered under the converter's own conversion words by {@link LogRedaction}, so every pattern that
 * uses those words, Dropwizard's defaults and an operator's {@code logFormat} alike, writes through it.
 */
final class RedactingConverter<E> extends DynamicConverter<E> {

    private final Supplier<? extends DynamicConverter<E>> original;
    private final Redaction redaction;
    private DynamicConverter<E> delegate;

    RedactingConverter(Supplier<? extends DynamicConverter<E>> original, Redaction redaction) {
        this.original = original;
        this.redaction = redaction;
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
    public String convert(E event) {
        return redaction.apply(getFirstOption(), delegate.convert(event));
    }
}
