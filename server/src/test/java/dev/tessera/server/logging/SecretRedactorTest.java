package dev.tessera.server.logging;

import static dev.tessera.server.logging.SecretRedactor.redact;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shapes credentials take in real log lines (Jetty, the JDK's HTTP client, request logs) and what is left. */
class SecretRedactorTest {

    private static final String BASIC = "YWRtaW46YWRtaW4tcGFzc3dvcmQtMQ==";
    private static final String JWT = "eyJraWQiOiJhdXRoMCJ9.eyJzdWIiOiJhbGljZSJ9.P1gWtwK4JNH8PybCtaN36AIE801JPw";

    @Test
    void authorizationKeepsItsSchemeAndLosesItsCredential() {
        assertThat(redact("HEADER:IN_VALUE --> FIELD(Authorization: Basic " + BASIC + ")"))
                .isEqualTo("HEADER:IN_VALUE --> FIELD(Authorization: Basic ****)");
        assertThat(redact("{POST /auth0/token HTTP/1.1: null}{Authorization: Basic " + BASIC + "}{Content-Type: "
                + "application/x-www-form-urlencoded; charset=UTF-8}"))
                .isEqualTo("{POST /auth0/token HTTP/1.1: null}{Authorization: Basic ****}{Content-Type: "
                        + "application/x-www-form-urlencoded; charset=UTF-8}");
        assertThat(redact("{Proxy-Authorization=[Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag], Accept=[*/*]}"))
                .isEqualTo("{Proxy-Authorization=[Negotiate ****], Accept=[*/*]}");
    }

    @Test
    void aValueSeenUnderAHeaderNameGoesEverywhereElseInTheLineToo() {
        String line = "parsedHeader(Authorization: Basic " + BASIC + ") header=Authorization, "
                + "headerString=[Authorization], valueString=[Basic " + BASIC + "]";
        assertThat(redact(line)).doesNotContain(BASIC).endsWith("valueString=[Basic ****]");
    }

    @Test
    void cookiesKeepTheirNamesAndAttributes() {
        assertThat(redact("FIELD(Cookie: tessera_session=abc.def-123456; theme=dark)"))
                .isEqualTo("FIELD(Cookie: tessera_session=****; theme=****)");
        assertThat(redact("Set-Cookie: tessera_session=abc.def-123456;Version=1;Path=/;Max-Age=3600;HttpOnly;SameSite=Lax"))
                .isEqualTo("Set-Cookie: tessera_session=****;Version=1;Path=/;Max-Age=3600;HttpOnly;SameSite=Lax");
    }

    @Test
    void secretParametersLoseTheirValuesAndOthersStay() {
        assertThat(redact("\"GET /login/oauth2/code/auth0?code=DySWmQZx6YFD&state=nOGAJJt9xWEk HTTP/1.1\" 303"))
                .isEqualTo("\"GET /login/oauth2/code/auth0?code=****&state=nOGAJJt9xWEk HTTP/1.1\" 303");
        assertThat(redact("username=lena&password=Lena+form+p%40ss+42&returnTo=%2F"))
                .isEqualTo("username=lena&password=****&returnTo=%2F");
        assertThat(redact("grant_type=refresh_token&refresh_token=4nvLtFZs&client_id=tessera&client_secret=s3cr3t"))
                .isEqualTo("grant_type=refresh_token&refresh_token=****&client_id=tessera&client_secret=****");
        assertThat(redact("/logout?id_token_hint=abcdef&post_logout_redirect_uri=x"))
                .isEqualTo("/logout?id_token_hint=****&post_logout_redirect_uri=x");
        assertThat(redact("connect failed: url=jdbc:postgresql://db:5432/t?user=tessera&password=pg-pass-1 (timeout)"))
                .isEqualTo("connect failed: url=jdbc:postgresql://db:5432/t?user=tessera&password=**** (timeout)");
        assertThat(redact("PoolProperties: testOnConnect=true; password=pg-pass-1; url=jdbc:h2:file:/tmp/store"))
                .isEqualTo("PoolProperties: testOnConnect=true; password=****; url=jdbc:h2:file:/tmp/store");
    }

    @Test
    void jsonMembersAndProseLoseTheirValues() {
        assertThat(redact("{\"username\":\"lena\",\"password\":\"Lena form p@ss \\\"42\\\"\"}"))
                .isEqualTo("{\"username\":\"lena\",\"password\":\"****\"}");
        assertThat(redact("{\"access_token\" : \"opaque-token-1\", \"token_type\":\"Bearer\"}"))
                .isEqualTo("{\"access_token\" : \"****\", \"token_type\":\"Bearer\"}");
        assertThat(redact("bindPassword: hunter2-hunter2")).isEqualTo("bindPassword: ****");
        assertThat(redact("clientSecret: abc, privateKey=-----BEGIN, monkey=banana"))
                .isEqualTo("clientSecret: ****, privateKey=****, monkey=banana");
    }

    @Test
    void signedTokensGoWhereverTheyAppear() {
        assertThat(redact("token " + JWT + " refused")).isEqualTo("token **** refused");
        assertThat(redact("exchange for http://localhost/api?x=" + JWT)).doesNotContain("eyJ");
    }

    @Test
    void jettyWireDumpsGoWhole() {
        String dump = "filled 50 jn.DirectByteBuffer@5f4bc3c7[p=0,l=50,c=8192,r=50]={<<<{\"username\":\"lena\",\"passw"
                + "...d\":\"Lena form p@ss 42\"}>>>n: Upgrad...\\x00\\x00\\x00\\x00\\x00\\x00\\x00} for oejsi.HttpConnection";
        assertThat(redact(dump)).isEqualTo(
                "filled 50 jn.DirectByteBuffer@5f4bc3c7[p=0,l=50,c=8192,r=50]={<<<****>>>} for oejsi.HttpConnection");
        String consumed = "jn.HeapByteBuffer@1[p=55,l=55,c=8192,r=0]={POST /log...ded\\r\\n\\r\\n<<<username=lena&"
                + "password=Le...+p%40ss>>>\\x00\\x00}";
        assertThat(redact(consumed)).isEqualTo("jn.HeapByteBuffer@1[p=55,l=55,c=8192,r=0]={<<<****>>>}");
    }

    @Test
    void ordinaryLinesAreLeftAlone() {
        for (String line : new String[] {
                "Refused Basic credentials for 'bob': wrong username or password",
                "HTTP status code: 400 (statusCode=400, error_code=invalid_grant)",
                "auth.backends 'corp': bindDn and bindPassword must be set together",
                "GET /api/v1/cubes/sales/members/geo.country?q=fr&limit=10 HTTP/1.1",
                "OIDC backend auth0: authorization code flow with PKCE, state and nonce",
                ""}) {
            assertThat(redact(line)).isEqualTo(line);
        }
        assertThat(redact(null)).isNull();
    }

    @Test
    void oneHeaderOrParameterByName() {
        assertThat(SecretRedactor.redactHeader("Authorization", "Bearer " + JWT)).isEqualTo("Bearer ****");
        assertThat(SecretRedactor.redactHeader("authorization", "opaque")).isEqualTo("****");
        assertThat(SecretRedactor.redactHeader("Cookie", "tessera_session=abc")).isEqualTo("tessera_session=****");
        assertThat(SecretRedactor.redactHeader("User-Agent", "curl/8.5")).isEqualTo("curl/8.5");
        assertThat(SecretRedactor.redactParameter("client_secret", "s3cr3t")).isEqualTo("****");
        assertThat(SecretRedactor.redactParameter("Password", "x")).isEqualTo("****");
        assertThat(SecretRedactor.redactParameter("state", "nOGAJJt9")).isEqualTo("nOGAJJt9");
    }
}
