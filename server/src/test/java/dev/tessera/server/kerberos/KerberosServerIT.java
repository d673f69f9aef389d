package dev.tessera.server.kerberos;

import static dev.tessera.server.kerberos.KerberosTessera.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.kerberos.testing.SpnegoClient;
import dev.tessera.server.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running app with Basic and Kerberos backends against an in-process KDC (Apache Kerby): clients get tickets
 * and SPNEGO tokens through JGSS and call {@code http://localhost:PORT}, as a browser on the domain would.
 * Each test uses its own user, so the grants of one do not change what another sees.
 */
class KerberosServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC_CHALLENGE = "Basic realm=\"tessera\", charset=\"UTF-8\"";

    private static KdcFixture kdc;
    private static KerberosTessera app;
    private static TestClient client;

    @BeforeAll
    static void start() throws Exception {
        kdc = KdcFixture.start();
        for (String user : new String[] {"carol", "dave", "erin", "frank"}) {
            kdc.addUser(user);
        }
        kdc.addServiceWithKeytab("HTTP/otherhost", "otherhost.keytab");
        app = KerberosTessera.start(kdc);
        client = app.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (kdc != null) {
            kdc.close();
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> negotiate(String path, String authorization) {
        return client.get(path, "Authorization", authorization);
    }

    @Test
    void anonymousGetsOne401ListingBasicAndNegotiate() throws Exception {
        HttpResponse<String> response = client.get("/api/v1/whoami");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(BASIC_CHALLENGE, "Negotiate");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(response).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void aliceIsForbiddenWithoutRolesUntilAnAdminGrantsRoleUser() throws Exception {
        HttpResponse<String> whoami = negotiate("/api/v1/whoami", kdc.negotiateHeader(KdcFixture.ALICE));
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        JsonNode me = json(whoami);
        assertThat(me.path("username").asText()).isEqualTo("alice");
        assertThat(me.path("backend").asText()).isEqualTo("kerberos");
        assertThat(me.path("providerRoles").toString()).isEqualTo("[]");
        assertThat(me.path("roles").toString()).isEqualTo("[]");
        assertThat(me.path("attributes").path("principal").asText()).isEqualTo("alice@" + KdcFixture.REALM);

        HttpResponse<String> refused = negotiate("/api/v1/cubes", kdc.negotiateHeader(KdcFixture.ALICE));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(refused).path("detail").asText())
                .contains("'alice'", "backend 'kerberos'", "ROLE_USER", "Ask an administrator");

        app.grant("alice", "ROLE_USER");

        try (SpnegoClient.Handshake handshake = kdc.client(KdcFixture.ALICE).handshake(kdc.servicePrincipal())) {
            HttpResponse<String> allowed = negotiate("/api/v1/cubes", handshake.authorizationHeader());
            assertThat(allowed.statusCode()).as(allowed.body()).isNotIn(401, 403, 500);
            String mutual = allowed.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(mutual).startsWith("Negotiate ");
            assertThat(handshake.acceptsServerResponse(mutual)).as("client accepts the server's AP-REP").isTrue();
        }
        assertThat(json(negotiate("/api/v1/whoami", kdc.negotiateHeader(KdcFixture.ALICE))).path("roles").toString())
                .isEqualTo("[\"ROLE_USER\"]");
    }

    @Test
    void aSuccessfulHandshakeReturnsTheMutualAuthenticationTokenTheClientAccepts() throws Exception {
        try (SpnegoClient.Handshake handshake = kdc.client("carol").handshake(kdc.servicePrincipal())) {
            HttpResponse<String> response = negotiate("/api/v1/whoami", handshake.authorizationHeader());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().allValues("WWW-Authenticate")).hasSize(1);
            String mutual = response.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(mutual).matches("Negotiate [A-Za-z0-9+/]+=*");
            assertThat(handshake.acceptsServerResponse(mutual)).isTrue();
        }
    }

    @Test
    void badTokensAre401ProblemsWithAReasonAndTheNegotiateChallengeNeverA500() throws Exception {
        byte[] real = kdc.spnegoToken("dave");
        byte[] random = new byte[96];
        new Random(42).nextBytes(random);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("random bytes", negotiateOf(random));
        cases.put("three zero bytes", "Negotiate AAAA");
        cases.put("truncated ticket", negotiateOf(Arrays.copyOf(real, real.length / 2)));
        cases.put("raw NTLM type 1", "Negotiate " + NTLM_TYPE_1);
        cases.put("SPNEGO offering only NTLM", negotiateOf(spnegoOfferingOnlyNtlm()));
        cases.put("not base64", "Negotiate %%%not-base64%%%");
        cases.put("no value", "Negotiate");
        cases.put("ticket for another service", negotiateOf(
                kdc.client("dave").handshake("HTTP/otherhost@" + KdcFixture.REALM).token()));
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = negotiate("/api/v1/whoami", bad.getValue());
            assertThat(response.statusCode()).as(bad.getKey() + ": " + response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(bad.getKey())
                    .startsWith("application/problem+json");
            assertThat(response.headers().allValues("WWW-Authenticate")).as(bad.getKey()).contains("Negotiate");
            assertThat(json(response).path("detail").asText()).as(bad.getKey()).isNotBlank()
                    .isNotEqualTo("Authentication required.");
        }
        assertThat(json(negotiate("/api/v1/whoami", "Negotiate " + NTLM_TYPE_1)).path("detail").asText())
                .contains("NTLM is not supported");
        assertThat(json(negotiate("/api/v1/whoami", negotiateOf(spnegoOfferingOnlyNtlm()))).path("detail").asText())
                .contains("NTLM is not supported");
        assertThat(json(negotiate("/api/v1/whoami", negotiateOf(Arrays.copyOf(real, real.length / 2))))
                .path("detail").asText()).contains("malformed or truncated");
        assertThat(json(negotiate("/api/v1/whoami", cases.get("ticket for another service"))).path("detail").asText())
                .contains("keytab does not hold");
    }

    @Test
    void aReplayedTokenIsRefused() throws Exception {
        String once = kdc.negotiateHeader("erin");
        assertThat(negotiate("/api/v1/whoami", once).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = negotiate("/api/v1/whoami", once);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(json(replayed).path("detail").asText()).contains("replay");
        assertThat(replayed.headers().allValues("WWW-Authenticate")).contains("Negotiate");
    }

    @Test
    void loginKerberosAsksForATokenThenSetsASessionCookieThatNeedsNoMoreGssWork() throws Exception {
        HttpResponse<String> challenge = client.get("/login/kerberos?returnTo=%2Fapi%2Fv1%2Fwhoami");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
        assertThat(challenge.headers().allValues("Set-Cookie")).isEmpty();

        HttpResponse<String> garbage = client.get("/login/kerberos", "Authorization", "Negotiate AAAA");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(garbage.headers().allValues("Set-Cookie")).isEmpty();

        // A browser off the domain gets a page with the other ways in, and still the challenge.
        HttpResponse<String> offDomain = client.get("/login/kerberos", "Accept", "text/html,*/*;q=0.8");
        assertThat(offDomain.statusCode()).isEqualTo(401);
        assertThat(offDomain.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
        assertThat(offDomain.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(offDomain.body()).contains("Kerberos sign-in did not work", "action=\"/login\"");

        String cookie;
        try (SpnegoClient.Handshake handshake = kdc.client("carol").handshake(kdc.servicePrincipal())) {
            HttpResponse<String> login = client.get("/login/kerberos?returnTo=%2Fapi%2Fv1%2Fwhoami",
                    "Authorization", handshake.authorizationHeader());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
            assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/whoami");
            assertThat(handshake.acceptsServerResponse(login.headers().firstValue("WWW-Authenticate").orElseThrow()))
                    .isTrue();
            String setCookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("tessera_session=")).findFirst().orElseThrow();
            assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
        }

        for (int i = 0; i < 3; i++) { // no Authorization header: the acceptor never runs, so no ticket is needed
            HttpResponse<String> whoami = client.get("/api/v1/whoami", "Cookie", cookie);
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
            assertThat(json(whoami).path("username").asText()).isEqualTo("carol");
            assertThat(json(whoami).path("backend").asText()).isEqualTo("kerberos");
            assertThat(whoami.headers().allValues("WWW-Authenticate")).isEmpty();
        }
    }

    @Test
    void defaultRolesOfTheKerberosBackendApplyToUsersWithoutIndividualRoles() throws Exception {
        assertThat(negotiate("/api/v1/cubes", kdc.negotiateHeader(KdcFixture.BOB)).statusCode()).isEqualTo(403);
        app.grant("frank", "ROLE_AUDITOR");
        HttpResponse<String> set = client.as(ADMIN, "PUT", "/api/v1/admin/default-roles/kerberos", "[\"ROLE_USER\"]");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        try {
            JsonNode bob = json(negotiate("/api/v1/whoami", kdc.negotiateHeader(KdcFixture.BOB)));
            assertThat(bob.path("username").asText()).isEqualTo("bob");
            assertThat(bob.path("roles").toString()).isEqualTo("[\"ROLE_USER\"]");
            assertThat(negotiate("/api/v1/cubes", kdc.negotiateHeader(KdcFixture.BOB)).statusCode()).isNotIn(401, 403, 500);
            // Frank holds a role of his own, so the default does not apply to him.
            assertThat(json(negotiate("/api/v1/whoami", kdc.negotiateHeader("frank"))).path("roles").toString())
                    .isEqualTo("[\"ROLE_AUDITOR\"]");
            assertThat(negotiate("/api/v1/cubes", kdc.negotiateHeader("frank")).statusCode()).isEqualTo(403);
            // The Basic backend's users are not touched by Kerberos defaults.
            assertThat(json(client.as(ADMIN, "GET", "/api/v1/admin/default-roles/basic", null)).toString())
                    .isEqualTo("[]");
        } finally {
            assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/default-roles/kerberos", "[]").statusCode()).isEqualTo(200);
        }
        assertThat(negotiate("/api/v1/cubes", kdc.negotiateHeader(KdcFixture.BOB)).statusCode()).isEqualTo(403);
    }

    /** What a browser off the domain sends for Negotiate: an NTLM NEGOTIATE_MESSAGE. */
    private static final String NTLM_TYPE_1 = "TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==";

    private static String negotiateOf(byte[] token) {
        return "Negotiate " + Base64.getEncoder().encodeToString(token);
    }

    /** A SPNEGO NegTokenInit whose only mechanism is NTLMSSP, with the NTLM message as its mechToken. */
    private static byte[] spnegoOfferingOnlyNtlm() {
        byte[] spnegoOid = {0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
        byte[] ntlmOid = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
        byte[] mechTypes = der(0xa0, der(0x30, ntlmOid));
        byte[] mechToken = der(0xa2, der(0x04, Base64.getDecoder().decode(NTLM_TYPE_1)));
        byte[] negTokenInit = der(0xa0, der(0x30, concat(mechTypes, mechToken)));
        return der(0x60, concat(spnegoOid, negTokenInit));
    }

    private static byte[] der(int tag, byte[] content) {
        if (content.length > 127) {
            throw new IllegalArgumentException("short-form lengths only");
        }
        return concat(new byte[] {(byte) tag, (byte) content.length}, content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
