package dev.tessera.server.cli;

import java.io.Console;
import java.util.Optional;

/** The terminal a command runs in, if any: there a typed password is read without echo. */
final class Terminal {

    private Terminal() {}

    /**
     * JDK 17 to 21 give a console only to a terminal. JDK 22 and later give one to a pipe too and tell which by
     * {@code Console.isTerminal()}, a method that code built for Java 17 can only call by name.
     */
    @SuppressWarnings("SystemConsoleNull") // the null check is right up to JDK 21; isTerminal() covers 22 and later
    static Optional<Console> console() {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        try {
            boolean terminal = (Boolean) Console.class.getMethod("isTerminal").invoke(console);
            return terminal ? Optional.of(console) : Optional.empty();
        } catch (ReflectiveOperationException e) {
            return Optional.of(console); // JDK 17 to 21: no isTerminal(), and a console means a terminal
        }
    }
}
