package dev.tessera.server.logging;

/** How the text one log converter writes is cleaned, given the converter's option (a header or parameter name). */
@FunctionalInterface
interface Redaction {

    /** Free text: messages, stack traces, request lines, whole requests and bodies. */
    Redaction TEXT = (option, text) -> SecretRedactor.redact(text);
    /** {@code %i{Authorization}}, {@code %responseHeader{Set-Cookie}}; without a name, all headers as text. */
    Redaction HEADER = (option, text) ->
            option == null ? SecretRedactor.redact(text) : SecretRedactor.redactHeader(option, text);
    /** {@code %reqParameter{password}}; without a name, all parameters as text. */
    Redaction PARAMETER = (option, text) ->
            option == null ? SecretRedactor.redact(text) : SecretRedactor.redactParameter(option, text);
    /** {@code %reqCookie{tessera_session}}: every cookie Tessera sets is a credential. */
    Redaction COOKIE = (option, text) -> SecretRedactor.MASK;

    String clean(String option, String text);

    /** Logback-access writes "-" for a value the request lacks: that stays, it shows no secret was sent. */
    default String apply(String option, String text) {
        return text == null || text.isEmpty() || "-".equals(text) ? text : clean(option, text);
    }
}
