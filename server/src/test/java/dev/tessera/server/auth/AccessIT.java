package dev.tessera.server.auth;

import static dev.tessera.server.testing.TestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.RawHttp;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Access is decided on the method that was routed, whatever the spelling of the path: every variant an attacker
 * tried ({@code ;} parameters, encoded separators, dot segments, backslashes, NULs, doubled slashes) is refused at
 * the edge or meets the same rule as the plain path, and a user without roles never becomes an admin.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AccessIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("test-config.yml");
    static final String ADMIN = basic("admin", "admin-password-1");
    static final String EVE = basic("eve", "eve-password-1");      // signed in, no roles
    static final String UMA = basic("uma", "uma-password-1");      // ROLE_USER only
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Spellings of one path: the plain one and those that a lax router reads as the same. */
    static List<String> spellings(String plain) {
        List<String> variants = new ArrayList<>();
        String[] segments = plain.substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            variants.add(withSegment(segments, i, segments[i] + ";x"));
            variants.add(withSegment(segments, i, segments[i] + ";"));
            variants.add(withSegment(segments, i, segments[i] + "%3Bx"));
            variants.add(withSegment(segments, i, segments[i] + "%00"));
        }
        variants.add(plain.replace("/v1/", "/v1/./"));
        variants.add(plain.replace("/v1/", "/x/../v1/"));
        variants.add(plain.replace("/v1/", "/x/%2e%2e/v1/"));
        variants.add(plain.replace("/v1/", "/%2E/v1/"));
        variants.add(plain.replace("/v1/", "//v1/"));
        variants.add(plain.replace("/v1/", "/v1//"));
        variants.add(plain.replace("/v1/", "/v1%2F"));
        variants.add(plain.replace("/v1/", "/v1%2f"));
        variants.add(plain.replace("/v1/", "/v1\\"));
        variants.add(plain.replace("/v1/", "/v1%5C"));
        variants.add(plain.replace("/v1/", "/v1/%25"));
        variants.add(plain.replace("/v1/", "/v1/%0a"));
        variants.add(plain.replace("/v1/", "/v1/%7f"));
        variants.add(plain + "/");
        variants.add(plain + "/;x");
        variants.add(plain + "?x=;");
        return variants;
    }

    private static String withSegment(String[] segments, int index, String replacement) {
        String[] copy = segments.clone();
        copy[index] = replacement;
        return "/" + String.join("/", copy);
    }

    static Stream<String> adminPaths() {
        return spellings("/api/v1/admin/users/eve/roles/ROLE_ADMIN").stream();
    }

    static Stream<String> userPaths() {
        return spellings("/api/v1/cubes/sales/query").stream();
    }

    static Stream<String> explainPaths() {
        return spellings("/api/v1/cubes/sales/query/explain").stream();
    }

    @BeforeAll
    static void users() {
        TestClient client = TesseraTestApp.client(APP);
        for (String name : List.of("eve", "uma")) {
            HttpResponse<String> created = client.as(ADMIN, "POST", "/api/v1/admin/basic-users",
                    "{\"username\":\"" + name + "\",\"password\":\"" + name + "-password-1\"}");
            assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
        }
        client.as(ADMIN, "PUT", "/api/v1/admin/users/uma/roles", "[\"ROLE_USER\"]");
    }

    private static RawHttp.Answer raw(String method, String path, String authorization, String body) {
        return authorization == null
                ? RawHttp.send(APP.getLocalPort(), method, path, body)
                : RawHttp.send(APP.getLocalPort(), method, path, body, "Authorization", authorization);
    }

    private static List<String> rolesOfEve() throws Exception {
        String body = TesseraTestApp.client(APP).as(ADMIN, "GET", "/api/v1/admin/users/eve/roles", null).body();
        List<String> roles = new ArrayList<>();
        JSON.readTree(body).forEach(role -> roles.add(role.asText()));
        return roles;
    }

    @ParameterizedTest
    @MethodSource("adminPaths")
    void noSpellingOfAnAdminPathLetsAUserWithoutRolesGrantHimselfAdmin(String path) throws Exception {
        RawHttp.Answer answer = raw("PUT", path, EVE, null);
        assertThat(answer.status()).as(path + "\n" + answer.head()).isIn(400, 403, 404);
        assertThat(answer.body()).doesNotContain("ROLE_ADMIN\"]");
        assertThat(rolesOfEve()).as("eve's roles after PUT " + path).doesNotContain("ROLE_ADMIN");
    }

    @ParameterizedTest
    @MethodSource("adminPaths")
    void noSpellingOfAnAdminPathServesAUserWithoutAdmin(String path) {
        RawHttp.Answer answer = raw("GET", path.replace("/roles/ROLE_ADMIN", "/roles"), UMA, null);
        assertThat(answer.status()).as(path + "\n" + answer.head()).isIn(400, 403, 404);
    }

    @ParameterizedTest
    @MethodSource("userPaths")
    void noSpellingOfTheQueryPathAnswersWithoutRoleUser(String path) {
        RawHttp.Answer signedIn = raw("POST", path, EVE, "{\"measures\":[\"amount\"]}");
        RawHttp.Answer anonymous = raw("POST", path, null, "{\"measures\":[\"amount\"]}");
        assertThat(signedIn.status()).as(path + "\n" + signedIn.head()).isIn(400, 403, 404, 405);
        assertThat(anonymous.status()).as(path + "\n" + anonymous.head()).isIn(400, 401, 404, 405);
    }

    @ParameterizedTest
    @MethodSource("explainPaths")
    void noSpellingOfExplainAnswersWithoutAdmin(String path) {
        RawHttp.Answer answer = raw("POST", path, UMA, "{\"measures\":[\"amount\"]}");
        assertThat(answer.status()).as(path + "\n" + answer.head()).isIn(400, 403, 404, 405);
    }

    @Test
    void ambiguousPathsAreA400ProblemThatSaysWhy() {
        RawHttp.Answer answer = raw("GET", "/api;x/v1/whoami", ADMIN, null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.head()).containsIgnoringCase("application/problem+json");
        assertThat(answer.body()).contains("';'");
    }

    @Test
    void thePlainPathsStillWork() {
        assertThat(raw("PUT", "/api/v1/admin/users/uma/roles/ROLE_ANALYST", ADMIN, null).status()).isEqualTo(200);
        assertThat(raw("POST", "/api/v1/cubes/sales/query", UMA, "{\"measures\":[\"amount\"]}").status()).isEqualTo(200);
        assertThat(raw("POST", "/api/v1/cubes/sales/query/explain", ADMIN, "{\"measures\":[\"amount\"]}").status())
                .isEqualTo(200);
        assertThat(raw("GET", "/api/v1/whoami", EVE, null).status()).isEqualTo(200);
        assertThat(raw("GET", "/api/v1/admin/users/eve%40corp/roles", ADMIN, null).status())
                .as("an encoded '@' is not ambiguous").isEqualTo(404);
    }

    @Test
    void everyResourceMethodDeclaresWhoMayCallIt() {
        List<String> undeclared = new ArrayList<>();
        Stream.concat(APP.getEnvironment().jersey().getResourceConfig().getClasses().stream(),
                        APP.getEnvironment().jersey().getResourceConfig().getInstances().stream().map(Object::getClass))
                .filter(type -> type.isAnnotationPresent(Path.class))
                .forEach(type -> Arrays.stream(type.getMethods())
                        .filter(AccessIT::isResourceMethod)
                        .filter(method -> AccessFeature.ruleOf(method, type).isEmpty())
                        .forEach(method -> undeclared.add(type.getSimpleName() + "#" + method.getName())));
        assertThat(undeclared).as("resource methods without @Public/@PermitAll/@RolesAllowed/@DenyAll").isEmpty();
    }

    private static boolean isResourceMethod(Method method) {
        return method.isAnnotationPresent(Path.class) || Arrays.stream(method.getAnnotations())
                .anyMatch(a -> a.annotationType().isAnnotationPresent(HttpMethod.class));
    }
}
