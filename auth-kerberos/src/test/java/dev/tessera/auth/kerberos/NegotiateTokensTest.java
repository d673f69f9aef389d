package dev.tessera.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.ietf.jgss.GSSException;
import org.junit.jupiter.api.Test;

class NegotiateTokensTest {

    static final byte[] NTLM_TYPE1 = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0, 7, (byte) 0x82, 8, (byte) 0xa2,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static final byte[] SPNEGO_OID = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
    private static final byte[] NTLM_OID = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};

    /** A SPNEGO NegTokenInit offering only NTLMSSP with an NTLM type 1 message, as Windows sends off-domain. */
    static final byte[] SPNEGO_NTLM_ONLY = der(0x60, SPNEGO_OID,
            der(0xa0, der(0x30,
                    der(0xa0, der(0x30, NTLM_OID)),
                    der(0xa2, der(0x04, NTLM_TYPE1)))));

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(content.size()); // all our test values are under 128 bytes
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    @Test
    void rawNtlmIsRecognised() {
        assertThat(NegotiateTokens.isRawNtlm(NTLM_TYPE1)).isTrue();
        assertThat(NegotiateTokens.isRawNtlm(new byte[] {0x60, 0x00})).isFalse();
        assertThat(NegotiateTokens.isRawNtlm(new byte[] {'N'})).isFalse();
    }

    @Test
    void spnegoOfferingOnlyNtlmIsRecognised() {
        assertThat(SPNEGO_NTLM_ONLY.length).isLessThan(128);
        assertThat(NegotiateTokens.offersOnlyNtlm(SPNEGO_NTLM_ONLY)).isTrue();
        assertThat(NegotiateTokens.offersOnlyNtlm(SPNEGO_OID)).isFalse();
    }

    @Test
    void gssFailuresBecomeReasonsAPersonCanActOn() {
        assertThat(NegotiateTokens.reason(new GSSException(GSSException.FAILURE, -1, "Request is a replay (34)")))
                .contains("replay");
        assertThat(NegotiateTokens.reason(new GSSException(GSSException.FAILURE, -1, "Clock skew too great (37)")))
                .contains("clock");
        assertThat(NegotiateTokens.reason(new GSSException(GSSException.FAILURE, -1,
                "Invalid argument (400) - Cannot find key of appropriate type to decrypt AP-REQ")))
                .contains("keytab");
        assertThat(NegotiateTokens.reason(new GSSException(GSSException.DEFECTIVE_TOKEN))).contains("malformed");
    }
}
