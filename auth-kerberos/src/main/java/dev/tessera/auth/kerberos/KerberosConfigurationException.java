package dev.tessera.auth.kerberos;

/**
 * The Kerberos backend cannot start as configured: its keytab is missing, unreadable or holds no key for the
 * service principal. The message names the file and the principal and says what to do.
 */
public class KerberosConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public KerberosConfigurationException(String message) {
        super(message);
    }

    public KerberosConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
