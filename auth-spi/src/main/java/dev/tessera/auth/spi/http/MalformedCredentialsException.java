package dev.tessera.auth.spi.http;

/** An {@code Authorization} header of a known scheme whose value cannot be decoded; a 401, never a 500. */
public class MalformedCredentialsException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedCredentialsException(String message) {
        super(message);
    }
}
