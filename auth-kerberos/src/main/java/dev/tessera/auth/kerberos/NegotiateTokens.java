package dev.tessera.auth.kerberos;

import java.nio.charset.StandardCharsets;
import org.ietf.jgss.GSSException;

/** Recognises tokens that are not Kerberos, and turns GSS failures into reasons a person can act on. */
final class NegotiateTokens {

    static final String NTLM_REASON = "NTLM is not supported: the client is not on the Kerberos domain "
            + "(or has no ticket for this server's SPN), so it offered NTLM instead of a Kerberos ticket";

    private static final byte[] NTLMSSP = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    // DER of OID 1.3.6.1.4.1.311.2.2.10 (NTLMSSP), 1.2.840.113554.1.2.2 (Kerberos) and 1.2.840.48018.1.2.2 (MS Kerberos)
    private static final byte[] NTLM_OID = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
    private static final byte[] KRB5_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    private static final byte[] MS_KRB5_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};

    private NegotiateTokens() {}

    /** A raw NTLM message, what browsers send for {@code Negotiate} when they cannot get a Kerberos ticket. */
    static boolean isRawNtlm(byte[] token) {
        return startsWith(token, NTLMSSP);
    }

    /** A SPNEGO token offering NTLM and no Kerberos mechanism. */
    static boolean offersOnlyNtlm(byte[] token) {
        boolean ntlm = indexOf(token, NTLM_OID) >= 0 || indexOf(token, NTLMSSP) >= 0;
        return ntlm && indexOf(token, KRB5_OID) < 0 && indexOf(token, MS_KRB5_OID) < 0;
    }

    /** Why the acceptor refused a token; never includes the token. */
    static String reason(GSSException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("replay")) {
            return "the Negotiate token was already used (replay); a client must send a fresh one";
        }
        if (message.contains("Clock skew")) {
            return "the client's clock and the server's differ by more than the allowed skew (5 minutes by default)";
        }
        if (message.contains("expired")) {
            return "the client's Kerberos ticket has expired; it must renew it (kinit)";
        }
        if (isKeyMismatch(message)) {
            return "the ticket is encrypted with a key this server's keytab does not hold (stale keytab, or the "
                    + "client asked for another service principal)";
        }
        if (e.getMajor() == GSSException.DEFECTIVE_TOKEN || e.getMajor() == GSSException.BAD_MECH
                || message.contains("Defective token") || message.contains("ASN.1") || message.contains("DER")) {
            return "the Negotiate token is malformed or truncated";
        }
        return "the Negotiate token was refused: " + message;
    }

    /** A failure the server's operator must fix (not the client). */
    static boolean isKeyMismatch(String message) {
        return message.contains("Cannot find key") || message.contains("Checksum failed")
                || message.contains("key is not available") || message.contains("Integrity check");
    }

    private static boolean startsWith(byte[] token, byte[] prefix) {
        if (token.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (token[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
