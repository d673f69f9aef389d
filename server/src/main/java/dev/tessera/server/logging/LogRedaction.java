package dev.tessera.server.logging;

import ch.qos.logback.access.common.pattern.FullRequestConverter;
import ch.qos.logback.access.common.pattern.FullResponseConverter;
import ch.qos.logback.access.common.pattern.QueryStringConverter;
import ch.qos.logback.access.common.pattern.RequestContentConverter;
import ch.qos.logback.access.common.pattern.RequestCookieConverter;
import ch.qos.logback.access.common.pattern.RequestHeaderConverter;
import ch.qos.logback.access.common.pattern.RequestParameterConverter;
import ch.qos.logback.access.common.pattern.RequestURLConverter;
import ch.qos.logback.access.common.pattern.ResponseContentConverter;
import ch.qos.logback.access.common.pattern.ResponseHeaderConverter;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.pattern.RootCauseFirstThrowableProxyConverter;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import io.dropwizard.logging.common.PrefixedExtendedThrowableProxyConverter;
import io.dropwizard.logging.common.PrefixedRootCauseFirstThrowableProxyConverter;
import io.dropwizard.logging.common.PrefixedThrowableProxyConverter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Makes every log line Tessera writes, application log and request log, at every level and in every appender,
 * go through {@link SecretRedactor}: the conversion words that print a message, a stack trace, a request line, a
 * header, a cookie, a parameter or a body are bound to redacting converters. Layouts resolve their words when they
 * start, so this runs in {@code initialize}, before Dropwizard builds its appenders.
 *
 * <p>The words live in three places, each for a reason: the application log's message words in logback-classic's
 * default map and the request log's words in logback-access's (the two share the logger context, and in it the same
 * word means different things: {@code %m} is the message in one and the request method in the other); the stack
 * trace words in the logger context's registry, which outranks the default map where Dropwizard re-binds its
 * {@code %dwREx} each time it makes a layout, and which a reset empties, so they are put back on every reset.
 *
 * <p>Not reached: the stack trace converter logback appends on its own to a pattern that prints none (it is built
 * directly, not looked up by word, and the chain refuses relinking); the README asks for a stack trace word.
 */
@SuppressWarnings("rawtypes") // logback types its converter maps with the raw DynamicConverter
public final class LogRedaction {

    private LogRedaction() {}

    public static void install() {
        install((LoggerContext) LoggerFactory.getILoggerFactory());
    }

    static void install(LoggerContext context) {
        messageWords();
        requestLogWords();
        if (context.getCopyOfListenerList().stream().noneMatch(ReinstallOnReset.class::isInstance)) {
            context.addListener(new ReinstallOnReset());
        }
        throwableWords(context);
    }

    private static void messageWords() {
        bind(PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP, MessageConverter::new, Redaction.TEXT, "m", "msg", "message");
    }

    private static void requestLogWords() {
        var words = ch.qos.logback.access.common.PatternLayout.ACCESS_DEFAULT_CONVERTER_SUPPLIER_MAP;
        bind(words, RequestURLConverter::new, Redaction.TEXT, "r", "requestURL");
        bind(words, QueryStringConverter::new, Redaction.TEXT, "q", "queryString");
        bind(words, RequestHeaderConverter::new, Redaction.HEADER, "i", "header");
        bind(words, ResponseHeaderConverter::new, Redaction.HEADER, "responseHeader");
        bind(words, RequestParameterConverter::new, Redaction.PARAMETER, "reqParameter", "requestParameter");
        bind(words, RequestCookieConverter::new, Redaction.COOKIE, "reqCookie", "requestCookie");
        bind(words, FullRequestConverter::new, Redaction.TEXT, "fullRequest");
        bind(words, FullResponseConverter::new, Redaction.TEXT, "fullResponse");
        bind(words, RequestContentConverter::new, Redaction.TEXT, "requestContent");
        bind(words, ResponseContentConverter::new, Redaction.TEXT, "responseContent");
    }

    private static void throwableWords(LoggerContext context) {
        Map<String, Supplier<DynamicConverter>> registry = registry(context);
        bindThrowable(registry, ThrowableProxyConverter::new, "ex", "exception", "throwable");
        bindThrowable(registry, RootCauseFirstThrowableProxyConverter::new, "rEx", "rootException");
        bindThrowable(registry, ExtendedThrowableProxyConverter::new, "xEx", "xException", "xThrowable");
        bindThrowable(registry, PrefixedThrowableProxyConverter::new, "dwEx", "dwException", "dwThrowable");
        bindThrowable(registry, PrefixedRootCauseFirstThrowableProxyConverter::new, "dwREx", "dwRootException");
        bindThrowable(registry, PrefixedExtendedThrowableProxyConverter::new, "dwXEx", "dwXException", "dwXThrowable");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Supplier<DynamicConverter>> registry(LoggerContext context) {
        Object registry = context.getObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS);
        if (registry == null) {
            registry = new HashMap<String, Supplier<DynamicConverter>>();
            context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, registry);
        }
        return (Map<String, Supplier<DynamicConverter>>) registry;
    }

    @SuppressWarnings("unchecked")
    private static void bind(Map<String, Supplier<DynamicConverter>> words, Supplier<? extends DynamicConverter> original,
                             Redaction redaction, String... names) {
        for (String name : names) {
            words.put(name, () -> new RedactingConverter(original, redaction));
        }
    }

    private static void bindThrowable(Map<String, Supplier<DynamicConverter>> words,
                                      Supplier<? extends ThrowableHandlingConverter> original, String... names) {
        for (String name : names) {
            words.put(name, () -> new RedactingThrowableConverter(original));
        }
    }

    /** Dropwizard resets the logger context before it builds its appenders; the stack trace words come back first. */
    private static final class ReinstallOnReset implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext context) {
            throwableWords(context);
        }

        @Override
        public void onStart(LoggerContext context) {}

        @Override
        public void onStop(LoggerContext context) {}

        @Override
        public void onLevelChange(Logger logger, Level level) {}
    }
}
