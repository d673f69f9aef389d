package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.cube.query.CubeQuery;
import dev.tessera.cube.query.QueryError;
import dev.tessera.cube.restrict.CubeGrant;
import dev.tessera.cube.restrict.EffectiveRestriction;
import dev.tessera.cube.restrict.Grants;
import dev.tessera.cube.restrict.RestrictionRenderer;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Atoti's documented example: rows (Asia, Korea, KRW), (Asia, Japan, JPY), (Europe, France, EUR),
 * (Europe, Germany, EUR), (Europe, Norway, NOK), (Europe, Sweden, SEK); Geography = Continent &gt; Country,
 * Currency its own hierarchy; roles France, Germany, Asia, EUR. Every combination, in queries, members and totals.
 */
class RestrictionMatrixTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final Map<String, String> ROLES = Map.of(
            "France", "{\"world\":{\"geography.country\":[\"France\"]}}",
            "Germany", "{\"world\":{\"geography.country\":[\"Germany\"]}}",
            "Asia", "{\"world\":{\"geography.continent\":[\"Asia\"]}}",
            "EUR", "{\"world\":{\"currency.currency\":[\"EUR\"]}}",
            "Plain", "{}");
    static final List<String> ALL_COUNTRIES = List.of("France", "Germany", "Japan", "Korea", "Norway", "Sweden");

    @TempDir
    static Path dir;
    static Fixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.start(dir, null);
    }

    @AfterAll
    static void stop() {
        fx.stop();
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of(List.of(), ALL_COUNTRIES),
                Arguments.of(List.of("Plain"), ALL_COUNTRIES),
                Arguments.of(List.of("France"), List.of("France")),
                Arguments.of(List.of("Germany"), List.of("Germany")),
                Arguments.of(List.of("Asia"), List.of("Japan", "Korea")),
                Arguments.of(List.of("EUR"), List.of("France", "Germany")),
                Arguments.of(List.of("France", "Germany"), List.of("France", "Germany")),
                Arguments.of(List.of("France", "Asia"), List.of("France", "Japan", "Korea")),
                Arguments.of(List.of("Germany", "Asia"), List.of("Germany", "Japan", "Korea")),
                Arguments.of(List.of("France", "EUR"), List.of("France")),
                Arguments.of(List.of("Germany", "EUR"), List.of("Germany")),
                Arguments.of(List.of("Asia", "EUR"), List.of()),
                Arguments.of(List.of("France", "Germany", "Asia"), List.of("France", "Germany", "Japan", "Korea")),
                Arguments.of(List.of("France", "Germany", "EUR"), List.of("France", "Germany")),
                Arguments.of(List.of("France", "Asia", "EUR"), List.of("France")),
                Arguments.of(List.of("Germany", "Asia", "EUR"), List.of("Germany")),
                Arguments.of(List.of("France", "Germany", "Asia", "EUR"), List.of("France", "Germany")),
                Arguments.of(List.of("France", "Plain"), List.of("France")));
    }

    static EffectiveRestriction restriction(List<String> roles, boolean admin) {
        List<Map<String, CubeGrant>> grants = new ArrayList<>();
        for (String r : roles) {
            try {
                grants.add(Grants.parse(JSON.readTree(ROLES.get(r))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return fx.service.restriction("world", admin, grants);
    }

    static final Map<String, Long> AMOUNT = Map.of("Korea", 1L, "Japan", 2L, "France", 4L, "Germany", 8L,
            "Norway", 16L, "Sweden", 32L);

    @ParameterizedTest(name = "{0} sees {1}")
    @MethodSource("combinations")
    void queriesMembersAndTotalsSeeExactlyTheRule(List<String> roles, List<String> visible) throws Exception {
        EffectiveRestriction r = restriction(roles, false);
        CubeQuery q = JSON.readValue("{\"measures\":[\"amount\"],\"levels\":[\"geography.country\"],"
                + "\"totals\":{\"grand\":true}}", CubeQuery.class);
        QueryResult result = fx.service.query("world", q, r, "u");
        List<Object> countries = new ArrayList<>();
        Object grand = null;
        for (Object[] row : result.rows()) {
            if (row[2].equals(0L)) {
                countries.add(row[0]);
            } else {
                grand = row[1];
            }
        }
        assertThat(countries).isEqualTo(new ArrayList<>(visible));
        long expectedTotal = visible.stream().mapToLong(AMOUNT::get).sum();
        if (visible.isEmpty()) {
            assertThat(grand).isNull(); // the grand total of no rows
        } else {
            assertThat(grand).isEqualTo(expectedTotal);
        }
        assertThat(fx.service.members("world", "geography.country", null, null, r, "u").members())
                .isEqualTo(new ArrayList<>(visible));
        // a filter asking beyond the restriction is intersected, not refused
        CubeQuery wide = JSON.readValue("{\"measures\":[\"rows\"],\"filters\":{\"level\":\"geography.country\","
                + "\"op\":\"in\",\"values\":[\"France\",\"Norway\"]}}", CubeQuery.class);
        long expectedRows = visible.stream().filter(c -> c.equals("France") || c.equals("Norway")).count();
        assertThat(fx.service.query("world", wide, r, "u").rows().get(0)[0]).isEqualTo(expectedRows);
    }

    @Test
    void adminSeesEverythingWhateverTheRoles() {
        assertThat(restriction(List.of("Asia", "EUR"), true)).isEqualTo(EffectiveRestriction.ALL);
    }

    @Test
    void failClosedCubeNeedsAGrant() throws Exception {
        CubeQuery q = JSON.readValue("{\"measures\":[\"amount\"]}", CubeQuery.class);
        EffectiveRestriction none = fx.service.restriction("locked", false, List.of(Map.of()));
        assertThat(none).isEqualTo(EffectiveRestriction.NONE);
        assertThat(fx.service.query("locked", q, none, "u").rows().get(0)[0]).isNull();
        assertThat(fx.service.members("locked", "currency.currency", null, null, none, "u").members()).isEmpty();
        EffectiveRestriction all = fx.service.restriction("locked", false,
                List.of(Grants.parse(JSON.readTree("{\"locked\":\"all\"}"))));
        assertThat(all).isEqualTo(EffectiveRestriction.ALL);
        EffectiveRestriction some = fx.service.restriction("locked", false,
                List.of(Grants.parse(JSON.readTree("{\"locked\":{\"currency.currency\":[\"EUR\",\"SEK\"]}}"))));
        assertThat(fx.service.query("locked", q, some, "u").rows().get(0)[0]).isEqualTo(44L);
        assertThat(fx.service.restriction("locked", true, List.of())).isEqualTo(EffectiveRestriction.ALL);
    }

    @Test
    void rendersTheWhoamiShape() throws Exception {
        List<Map<String, CubeGrant>> grants = List.of(Grants.parse(JSON.readTree(ROLES.get("France"))),
                Grants.parse(JSON.readTree(ROLES.get("Asia"))));
        String rendered = JSON.writeValueAsString(RestrictionRenderer.render(fx.service.restrictions(false, grants)));
        assertThat(rendered).isEqualTo("{\"world\":{\"geography.country\":[\"France\"],\"geography.continent\":[\"Asia\"]},"
                + "\"locked\":\"none\"}");
        JsonNode document = JSON.readTree("{\"sales\":{\"geo.country\":[\"France\"]},\"world\":\"all\"}");
        assertThat(JSON.writeValueAsString(Grants.toJson(Grants.parse(document))))
                .isEqualTo("{\"sales\":{\"geo.country\":[\"France\"]},\"world\":\"all\"}");
    }

    @Test
    void grantsAreCheckedAgainstTheCubes() throws Exception {
        List<QueryError> errors = fx.service.validateGrants(Grants.parse(JSON.readTree(
                "{\"world\":{\"geography.contry\":[\"France\"],\"geography.country\":[3]},\"nope\":\"all\"}")));
        assertThat(errors).extracting(QueryError::pointer)
                .containsExactlyInAnyOrder("/world/geography.contry", "/world/geography.country/0", "/nope");
        assertThat(fx.service.validateGrants(Grants.parse(JSON.readTree(ROLES.get("EUR"))))).isEmpty();
    }

    @Test
    void aStaleLevelFailsClosed() throws Exception {
        EffectiveRestriction r = fx.service.restriction("world", false,
                List.of(Grants.parse(JSON.readTree("{\"world\":{\"geography.region\":[\"North\"]}}"))));
        CubeQuery q = JSON.readValue("{\"measures\":[\"rows\"]}", CubeQuery.class);
        assertThat(fx.service.query("world", q, r, "u").rows().get(0)[0]).isEqualTo(0L);
    }
}
