package dev.tessera.auth.spi;

/** A browser login callback that cannot be accepted; the message is safe to show the user. */
public class LoginFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoginFailedException(String message) {
        super(message);
    }

    public LoginFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
