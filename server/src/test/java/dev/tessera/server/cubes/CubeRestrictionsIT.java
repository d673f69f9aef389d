package dev.tessera.server.cubes;

import static dev.tessera.server.cubes.CubeTesting.ADMIN;
import static dev.tessera.server.cubes.CubeTesting.auth;
import static dev.tessera.server.cubes.CubeTesting.ok;
import static dev.tessera.server.cubes.CubeTesting.pointers;
import static dev.tessera.server.cubes.CubeTesting.problem;
import static dev.tessera.server.cubes.CubeTesting.q;
import static dev.tessera.server.cubes.CubeTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Row-level restrictions over HTTP on Atoti's documented example: six facts, a Geography hierarchy (continent >
 * country) and a Currency hierarchy; ROLE_FR (France), ROLE_DE (Germany), ROLE_ASIA (continent Asia), ROLE_EUR
 * (currency EUR) set through the admin API; a Basic user for each of the 16 combinations sees exactly what the
 * rule says - same hierarchy unioned, different hierarchies intersected - in queries, totals, members and whoami.
 * {@link TrinoCubeRestrictionsIT} runs every test again with the cubes on Trino.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CubeRestrictionsIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");

    /** Atoti's example: continent, country, currency, amount. */
    static final List<Fact> FACTS = List.of(new Fact("Asia", "Korea", "KRW", 100), new Fact("Asia", "Japan", "JPY", 200),
            new Fact("Europe", "France", "EUR", 300), new Fact("Europe", "Germany", "EUR", 400),
            new Fact("Europe", "Norway", "NOK", 500), new Fact("Europe", "Sweden", "SEK", 600));
    static final List<String> ROLES = List.of("ROLE_FR", "ROLE_DE", "ROLE_ASIA", "ROLE_EUR");
    static final String ALL_LEVELS = "{'levels':['geo.continent','geo.country','currency.currency'],'measures':['amount','rows'],"
            + "'totals':{'grand':true}";

    record Fact(String continent, String country, String currency, long amount) {}

    static TestClient client;

    @BeforeAll
    static void setUp() throws Exception {
        connect(APP);
    }

    /** Roles and one user per combination on this app; {@link TrinoCubeRestrictionsIT} calls it with its app. */
    static void connect(DropwizardAppExtension<TesseraConfiguration> app) throws Exception {
        client = TesseraTestApp.client(app);
        put("ROLE_FR", "{'sales':{'geo.country':['France']}}");
        put("ROLE_DE", "{'sales':{'geo.country':['Germany']}}");
        put("ROLE_ASIA", "{'sales':{'geo.continent':['Asia']}}");
        put("ROLE_EUR", "{'sales':{'currency.currency':['EUR']}}");
        put("ROLE_SECRET", "{'secret':'all'}");
        put("ROLE_SECRET_ASIA", "{'secret':{'geo.continent':['Asia']}}");
        // One Basic user per combination of the four roles; the password hash is slow on purpose, so two at a time.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> created = new ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            int m = mask;
            created.add(pool.submit(() -> CubeTesting.createUser(client, user(m), roles(m).toArray(String[]::new))));
        }
        for (Future<?> future : created) {
            future.get();
        }
        pool.shutdown();
    }

    static void put(String role, String restriction) {
        HttpResponse<String> response = client.as(ADMIN, "PUT", "/api/v1/admin/restrictions/" + role, q(restriction));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static String user(int mask) {
        return "combo" + mask;
    }

    static List<String> roles(int mask) {
        List<String> roles = new ArrayList<>(List.of("ROLE_USER"));
        IntStream.range(0, 4).filter(i -> (mask & (1 << i)) != 0).forEach(i -> roles.add(ROLES.get(i)));
        return roles;
    }

    /** The rule, written out independently of the server: geography roles unioned, then intersected with currency. */
    static boolean visible(Fact fact, List<String> roles) {
        boolean fr = roles.contains("ROLE_FR");
        boolean de = roles.contains("ROLE_DE");
        boolean asia = roles.contains("ROLE_ASIA");
        boolean geo = !(fr || de || asia) || (fr && fact.country.equals("France")) || (de && fact.country.equals("Germany"))
                || (asia && fact.continent.equals("Asia"));
        boolean currency = !roles.contains("ROLE_EUR") || fact.currency.equals("EUR");
        return geo && currency;
    }

    static List<Fact> visibleFacts(List<String> roles) {
        return FACTS.stream().filter(fact -> visible(fact, roles)).toList();
    }

    static HttpResponse<String> query(String auth, String cube, String body) {
        return client.as(auth, "POST", "/api/v1/cubes/" + cube + "/query", q(body));
    }

    static List<String> members(String auth, String level) {
        JsonNode answer = ok(client.as(auth, "GET", "/api/v1/cubes/sales/members/" + level, null));
        List<String> members = new ArrayList<>();
        answer.path("members").forEach(member -> members.add(member.asText()));
        return members;
    }

    static Stream<Arguments> combinations() {
        return IntStream.range(0, 16).mapToObj(mask -> Arguments.of(mask, roles(mask)));
    }

    /**
     * Every combination asks the same query twice, the second round in reverse order (from the result cache where
     * the engine has one): each answer is its own restriction's, never another's; a second user holding ROLE_FR
     * gets ROLE_FR's answer and entity tag, and no two restrictions share a tag.
     */
    @Test
    void cachedAnswersFollowTheRestrictionNeverTheQueryAlone() {
        CubeTesting.createUser(client, "frtwin", "ROLE_USER", "ROLE_FR");
        Map<Integer, String> tags = new TreeMap<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 16; i++) {
                int mask = round == 0 ? i : 15 - i;
                HttpResponse<String> answer = query(auth(user(mask)), "sales", ALL_LEVELS + "}");
                List<String> countries = rows(ok(answer)).stream().filter(row -> row.get(5).equals("0"))
                        .map(row -> row.get(1)).sorted().toList();
                assertThat(countries).as(roles(mask).toString())
                        .isEqualTo(visibleFacts(roles(mask)).stream().map(Fact::country).sorted().toList());
                answer.headers().firstValue("ETag").ifPresent(tag -> assertThat(tags.computeIfAbsent(mask, m -> tag))
                        .as("the same answer, the same tag").isEqualTo(tag));
            }
        }
        assertThat(new TreeSet<>(tags.values()).size())
                .as("one tag per restriction, or none on an engine that is not cached").isIn(0, 16);
        HttpResponse<String> fr = query(auth(user(1)), "sales", ALL_LEVELS + "}");
        HttpResponse<String> twin = query(auth("frtwin"), "sales", ALL_LEVELS + "}");
        assertThat(rows(ok(twin))).isEqualTo(rows(ok(fr)));
        assertThat(twin.headers().firstValue("ETag")).isEqualTo(fr.headers().firstValue("ETag"));
    }

    @Test
    void theOracleAgreesWithAtotisDocumentedAnswers() {
        assertThat(countries(List.of("ROLE_FR"))).containsExactly("France");
        assertThat(countries(List.of("ROLE_FR", "ROLE_DE"))).containsExactly("France", "Germany");
        assertThat(countries(List.of("ROLE_ASIA"))).containsExactly("Korea", "Japan");
        assertThat(countries(List.of("ROLE_FR", "ROLE_ASIA"))).containsExactly("Korea", "Japan", "France");
        assertThat(countries(List.of("ROLE_EUR"))).containsExactly("France", "Germany");
        assertThat(countries(List.of("ROLE_FR", "ROLE_EUR"))).containsExactly("France");
        assertThat(countries(List.of("ROLE_ASIA", "ROLE_EUR"))).isEmpty();
        assertThat(countries(List.of("ROLE_DE", "ROLE_ASIA", "ROLE_EUR"))).containsExactly("Germany");
        assertThat(countries(List.of())).hasSize(6);
    }

    private static List<String> countries(List<String> roles) {
        return visibleFacts(roles).stream().map(Fact::country).toList();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("combinations")
    void eachCombinationSeesWhatTheRuleSaysInRowsTotalsMembersAndWhoami(int mask, List<String> roles) {
        String auth = auth(user(mask));
        List<Fact> expected = visibleFacts(roles);

        JsonNode answer = ok(query(auth, "sales", ALL_LEVELS + "}"));
        List<List<String>> detail = new ArrayList<>();
        List<List<String>> grand = new ArrayList<>();
        rows(answer).forEach(row -> (row.get(5).equals("0") ? detail : grand).add(row));
        List<List<String>> expectedRows = expected.stream()
                .sorted((a, b) -> (a.continent + a.country).compareTo(b.continent + b.country))
                .map(f -> List.of(f.continent, f.country, f.currency, Long.toString(f.amount), "1", "0")).toList();
        assertThat(detail).isEqualTo(expectedRows);
        // The grand total covers visible facts only, summed by the engine.
        long sum = expected.stream().mapToLong(Fact::amount).sum();
        assertThat(grand).containsExactly(List.of("null", "null", "null", expected.isEmpty() ? "null" : Long.toString(sum),
                Integer.toString(expected.size()), "7"));

        assertThat(members(auth, "geo.country")).isEqualTo(expected.stream().map(Fact::country).sorted().toList());
        assertThat(members(auth, "geo.continent")).isEqualTo(expected.stream().map(Fact::continent).distinct().sorted().toList());
        assertThat(members(auth, "currency.currency")).isEqualTo(expected.stream().map(Fact::currency).distinct().sorted().toList());

        JsonNode whoami = ok(client.get("/api/v1/whoami", "Authorization", auth)).path("restrictions");
        Map<String, Set<String>> inForce = new TreeMap<>();
        whoami.path("sales").properties().forEach(level -> {
            Set<String> values = new TreeSet<>();
            level.getValue().forEach(value -> values.add(value.asText()));
            inForce.put(level.getKey(), values);
        });
        Map<String, Set<String>> rule = new TreeMap<>();
        if (roles.contains("ROLE_FR") || roles.contains("ROLE_DE")) {
            Set<String> countries = new TreeSet<>();
            if (roles.contains("ROLE_FR")) {
                countries.add("France");
            }
            if (roles.contains("ROLE_DE")) {
                countries.add("Germany");
            }
            rule.put("geo.country", countries);
        }
        if (roles.contains("ROLE_ASIA")) {
            rule.put("geo.continent", Set.of("Asia"));
        }
        if (roles.contains("ROLE_EUR")) {
            rule.put("currency.currency", Set.of("EUR"));
        }
        assertThat(inForce).isEqualTo(rule);
        assertThat(whoami.path("sales").isMissingNode()).isEqualTo(rule.isEmpty());
        assertThat(whoami.path("secret").asText()).isEqualTo("none");
    }

    @Test
    void subtotalsUnderARestrictionCoverVisibleFactsOnly() {
        JsonNode answer = ok(query(auth(user(0b0101)), "sales", "{'levels':['geo.continent','geo.country'],'measures':['amount'],"
                + "'totals':{'grand':true,'subtotals':['geo.continent']}}")); // ROLE_FR + ROLE_ASIA
        assertThat(rows(answer)).containsExactly(List.of("Asia", "Japan", "200", "0"), List.of("Asia", "Korea", "100", "0"),
                List.of("Asia", "null", "300", "1"), List.of("Europe", "France", "300", "0"), List.of("Europe", "null", "300", "1"),
                List.of("null", "null", "600", "3"));
    }

    @Test
    void explainAsRolesShowsTheRestrictionTheyWouldGet() {
        String body = q("{'measures':['amount'],'levels':['geo.country']}");
        JsonNode plain = ok(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query/explain", body));
        JsonNode asFrEur = ok(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query/explain?as=ROLE_FR,ROLE_EUR", body));
        assertThat(plain.path("sql").asText()).doesNotContain("WHERE");
        assertThat(asFrEur.path("sql").asText()).contains("WHERE");
        assertThat(asFrEur.path("parameters").size()).isGreaterThan(plain.path("parameters").size());
        assertThat(asFrEur.toString()).doesNotContain("France", "EUR");
        assertThat(client.as(ADMIN, "POST", "/api/v1/cubes/sales/query/explain?as=not%20a%20role", body).statusCode())
                .isEqualTo(422);
    }

    @Test
    void adminSeesEverythingAndHasNoRestrictionInForce() {
        JsonNode answer = ok(query(ADMIN, "sales", ALL_LEVELS + "}"));
        assertThat(answer.path("rows").size()).isEqualTo(7);
        assertThat(rows(answer).get(6).get(3)).isEqualTo("2100");
        assertThat(ok(client.get("/api/v1/whoami", "Authorization", ADMIN)).path("restrictions").toString()).isEqualTo("{}");
        assertThat(ok(query(ADMIN, "secret", "{'measures':['amount']}")).path("rows").toString()).isEqualTo("[[2100]]");
    }

    @Test
    void aFilterReachingOutsideTheRestrictionIsIntersectedNotRefused() {
        String france = auth(user(0b0001));
        assertThat(rows(ok(query(france, "sales", "{'levels':['geo.country'],'measures':['amount'],"
                + "'filters':{'level':'geo.country','op':'in','values':['France','Germany']}}"))))
                .containsExactly(List.of("France", "300"));
        for (String filter : List.of("{'level':'geo.country','op':'eq','value':'Germany'}",
                "{'not':{'level':'geo.country','op':'eq','value':'France'}}",
                "{'level':'currency.currency','op':'eq','value':'KRW'}",
                "{'level':'geo.country','op':'isNull'}")) {
            JsonNode answer = ok(query(france, "sales", "{'levels':['geo.country'],'measures':['amount'],'filters':" + filter + "}"));
            assertThat(answer.path("rows").size()).as(filter).isZero();
        }
        // An "or" in the request cannot widen the restriction around it.
        assertThat(rows(ok(query(france, "sales", "{'levels':['geo.country'],'measures':['amount'],"
                + "'filters':{'or':[{'level':'geo.continent','op':'eq','value':'Asia'},{'level':'geo.country','op':'isNotNull'}]}}"))))
                .containsExactly(List.of("France", "300"));
        // Nor can a search among members.
        assertThat(ok(client.as(france, "GET", "/api/v1/cubes/sales/members/geo.country?q=Germ", null))
                .path("members").size()).isZero();
        // Nor a measure-only query: the total is France's.
        assertThat(ok(query(france, "sales", "{'measures':['amount','rows']}")).path("rows").toString()).isEqualTo("[[300,1]]");
    }

    @Test
    void aRoleChangeAppliesOnTheNextRequest() {
        CubeTesting.createUser(client, "mover", "ROLE_USER", "ROLE_FR");
        String mover = auth("mover");
        assertThat(members(mover, "geo.country")).containsExactly("France");
        assertThat(client.as(ADMIN, "PUT", "/api/v1/admin/users/mover/roles/ROLE_DE", null).statusCode()).isEqualTo(200);
        assertThat(members(mover, "geo.country")).containsExactly("France", "Germany");
        put("ROLE_DE", "{'sales':{'geo.country':['Germany','Norway']}}");
        assertThat(members(mover, "geo.country")).containsExactly("France", "Germany", "Norway");
        put("ROLE_DE", "{'sales':{'geo.country':['Germany']}}");
        assertThat(members(mover, "geo.country")).containsExactly("France", "Germany");
    }

    @Test
    void aFailClosedCubeIsHiddenAndForbiddenUntilGranted() {
        String plain = auth(user(0));
        List<String> listed = new ArrayList<>();
        ok(client.as(plain, "GET", "/api/v1/cubes", null)).forEach(cube -> listed.add(cube.path("name").asText()));
        assertThat(listed).contains("sales").doesNotContain("secret");
        JsonNode forbidden = problem(query(plain, "secret", "{'measures':['amount']}"), 403);
        assertThat(forbidden.path("detail").asText()).contains("secret");
        problem(client.as(plain, "GET", "/api/v1/cubes/secret", null), 403);
        problem(client.as(plain, "GET", "/api/v1/cubes/secret/members/geo.country", null), 403);
        // A role restricted on another cube does not open this one.
        problem(query(auth(user(0b1111)), "secret", "{'measures':['amount']}"), 403);

        CubeTesting.createUser(client, "keyholder", "ROLE_USER", "ROLE_SECRET", "ROLE_FR");
        String keyholder = auth("keyholder");
        List<String> granted = new ArrayList<>();
        ok(client.as(keyholder, "GET", "/api/v1/cubes", null)).forEach(cube -> granted.add(cube.path("name").asText()));
        assertThat(granted).contains("sales", "secret");
        assertThat(ok(query(keyholder, "secret", "{'measures':['amount']}")).path("rows").toString()).isEqualTo("[[2100]]");
        // "all" on one cube says nothing of the others: sales stays France.
        assertThat(ok(query(keyholder, "sales", "{'measures':['amount']}")).path("rows").toString()).isEqualTo("[[300]]");
        assertThat(ok(client.get("/api/v1/whoami", "Authorization", keyholder)).path("restrictions").toString())
                .isEqualTo(q("{'sales':{'geo.country':['France']}}"));

        CubeTesting.createUser(client, "asiakey", "ROLE_USER", "ROLE_SECRET_ASIA");
        assertThat(ok(query(auth("asiakey"), "secret", "{'levels':['geo.country'],'measures':['amount']}")).path("rows").toString())
                .isEqualTo(q("[['Japan',200],['Korea',100]]"));
    }

    @Test
    void aRestrictionNamingWhatDoesNotExistIs422WithAPointer() {
        String roleX = "/api/v1/admin/restrictions/ROLE_X";
        JsonNode cube = problem(client.as(ADMIN, "PUT", roleX, q("{'nope':{'geo.country':['France']}}")), 422);
        assertThat(pointers(cube)).containsExactly("/nope");
        assertThat(cube.path("detail").asText()).contains("sales", "orders");

        JsonNode level = problem(client.as(ADMIN, "PUT", roleX, q("{'sales':{'geo.city':['Paris']}}")), 422);
        assertThat(pointers(level)).containsExactly("/sales/geo.city");
        assertThat(level.path("detail").asText()).contains("geo.country", "currency.currency");

        JsonNode type = problem(client.as(ADMIN, "PUT", roleX, q("{'orders':{'size.quantity':['three']}}")), 422);
        assertThat(pointers(type)).containsExactly("/orders/size.quantity/0");

        assertThat(pointers(problem(client.as(ADMIN, "PUT", roleX, q("{'sales':{'geo.country':'France'}}")), 422)))
                .containsExactly("/sales/geo.country");
        assertThat(pointers(problem(client.as(ADMIN, "PUT", roleX, q("{'sales':{}}")), 422)))
                .containsExactly("/sales");
        problem(client.as(ADMIN, "PUT", roleX, q("{'sales':'some'}")), 422);
        problem(client.as(ADMIN, "PUT", roleX, "[]"), 422);
        problem(client.as(ADMIN, "PUT", roleX, "{\"sales\":"), 400);
        // Nothing of the above was stored.
        assertThat(ok(client.as(ADMIN, "GET", "/api/v1/admin/restrictions", null)).has("ROLE_X")).isFalse();
        problem(client.as(auth(user(1)), "PUT", roleX, q("{'sales':'all'}")), 403);
    }

    @Test
    void injectionInValuesFindsNothingAndInNamesIsRefused() {
        String france = auth(user(0b0001));
        String attack = "x\\' OR 1=1 --";
        for (String auth : List.of(france, ADMIN)) {
            JsonNode answer = ok(query(auth, "sales", "{'levels':['geo.country'],'measures':['amount'],"
                    + "'filters':{'level':'geo.country','op':'eq','value':'" + attack + "'}}"));
            assertThat(answer.path("rows").size()).isZero();
            JsonNode contains = ok(query(auth, "sales", "{'levels':['geo.country'],'measures':['amount'],"
                    + "'filters':{'level':'geo.country','op':'contains','value':'%\\') OR (1=1'}}"));
            assertThat(contains.path("rows").size()).isZero();
            String search = URLEncoder.encode("' OR 1=1 --", StandardCharsets.UTF_8);
            assertThat(ok(client.as(auth, "GET", "/api/v1/cubes/sales/members/geo.country?q=" + search, null))
                    .path("members").size()).isZero();
        }
        String badLevel = "geo.country\\\" OR 1=1 --";
        assertThat(pointers(problem(query(france, "sales", "{'levels':['" + badLevel + "'],'measures':['amount']}"), 422)))
                .containsExactly("/levels/0");
        assertThat(pointers(problem(query(france, "sales", "{'measures':['amount'],"
                + "'filters':{'level':'" + badLevel + "','op':'isNotNull'}}"), 422))).containsExactly("/filters/level");
        assertThat(pointers(problem(query(france, "sales", "{'measures':['amount) FROM atoti; DROP TABLE atoti; --']}"), 422)))
                .containsExactly("/measures/0");
        assertThat(pointers(problem(query(france, "sales", "{'levels':['geo.country'],'measures':['amount'],"
                + "'order':[{'by':'1; DROP TABLE atoti'}]}"), 422))).containsExactly("/order/0/by");
        problem(client.as(france, "GET", "/api/v1/cubes/sales/members/"
                + URLEncoder.encode("geo.country\" OR 1=1 --", StandardCharsets.UTF_8).replace("+", "%20"), null), 422);
        problem(client.as(france, "POST", "/api/v1/cubes/" + URLEncoder.encode("sales\" --", StandardCharsets.UTF_8)
                + "/query", q("{'measures':['amount']}")), 404);

        // A restriction value is a value too: a role "restricted" to an injection sees nothing.
        put("ROLE_INJ", "{'sales':{'geo.country':['France\\' OR \\'1\\'=\\'1']}}");
        CubeTesting.createUser(client, "injector", "ROLE_USER", "ROLE_INJ");
        assertThat(ok(query(auth("injector"), "sales", "{'levels':['geo.country'],'measures':['amount']}")).path("rows").size())
                .isZero();

        // And nothing changed: the admin still sees all six facts, France still its one.
        assertThat(ok(query(ADMIN, "sales", "{'measures':['rows','amount']}")).path("rows").toString()).isEqualTo("[[6,2100]]");
        assertThat(ok(query(france, "sales", "{'measures':['rows','amount']}")).path("rows").toString()).isEqualTo("[[1,300]]");
    }
}
