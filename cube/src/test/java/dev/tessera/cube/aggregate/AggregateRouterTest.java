package dev.tessera.cube.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.cube.analytics.Analytics;
import dev.tessera.cube.model.Aggregation;
import dev.tessera.cube.model.ColumnRef;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.DataType;
import dev.tessera.cube.model.DefaultAccess;
import dev.tessera.cube.model.Formula;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.model.TimeDefaults;
import dev.tessera.cube.query.Condition;
import dev.tessera.cube.query.FilterOp;
import dev.tessera.cube.query.ValidatedQuery;
import dev.tessera.cube.restrict.EffectiveRestriction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The routing rule on its own: the smallest built aggregate that covers levels, filters, restriction and measures. */
class AggregateRouterTest {
    private static final Level COUNTRY = level("geo", "country");
    private static final Level CITY = level("geo", "city");
    private static final Level YEAR = level("time", "year");
    private static final Level CUSTOMER = level("customer", "customer");
    private static final Measure REVENUE = measure("revenue", Aggregation.SUM);
    private static final Measure UNITS = measure("units", Aggregation.SUM);
    private static final Measure AVG_QTY = measure("avgQty", Aggregation.AVG);
    private static final Measure BUYERS = measure("buyers", Aggregation.COUNT_DISTINCT);
    private static final Measure PRICE = new Measure("price", "Price", null, null, null,
            new Formula.Binary('/', new Formula.Ref("revenue"), new Formula.Ref("units")), "revenue / units", null,
            DataType.DOUBLE, Set.of());
    private static final Cube CUBE = cube();

    private static final Aggregate BY_COUNTRY = aggregate("byCountry", List.of(COUNTRY), REVENUE, UNITS);
    private static final Aggregate BY_CITY_YEAR = aggregate("byCityYear", List.of(COUNTRY, CITY, YEAR), REVENUE, UNITS, AVG_QTY);
    private static final List<Aggregate> BOTH = List.of(BY_CITY_YEAR, BY_COUNTRY);
    private static final Map<String, Long> ROWS = Map.of("byCountry", 5L, "byCityYear", 60L);

    @Test
    void theSmallestCoveringAggregateAnswersWhateverOrderTheyAreDeclaredIn() {
        Route route = AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(REVENUE), null), EffectiveRestriction.ALL);
        assertThat(route.chosen()).isEqualTo(BY_COUNTRY);
        assertThat(route.verdicts()).containsEntry("byCountry", "answers: the smallest aggregate that covers the query (5 rows)")
                .containsEntry("byCityYear", "covers the query but is larger (60 rows) than 'byCountry'");
        Route sizesSwapped = AggregateRouter.route(BOTH, Map.of("byCountry", 500L, "byCityYear", 60L),
                query(List.of(COUNTRY), List.of(REVENUE), null), EffectiveRestriction.ALL);
        assertThat(sizesSwapped.chosen()).isEqualTo(BY_CITY_YEAR);
    }

    @Test
    void aLevelTheAggregateLacksInTheQueryTheFiltersOrTheRestrictionRefusesIt() {
        Route byLevel = AggregateRouter.route(BOTH, ROWS, query(List.of(YEAR), List.of(REVENUE), null), EffectiveRestriction.ALL);
        assertThat(byLevel.chosen()).isEqualTo(BY_CITY_YEAR);
        assertThat(byLevel.verdicts().get("byCountry")).isEqualTo("lacks level 'time.year' (a level of the query)");

        Condition inCity = new Condition.LevelCondition(CITY, FilterOp.IN, List.of("Paris"), false);
        Route byFilter = AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(REVENUE),
                new Condition.Not(inCity)), EffectiveRestriction.ALL);
        assertThat(byFilter.chosen()).isEqualTo(BY_CITY_YEAR);
        assertThat(byFilter.verdicts().get("byCountry")).isEqualTo("lacks level 'geo.city' (tested by the filters)");

        EffectiveRestriction customers = new EffectiveRestriction.Restricted(
                Map.of("customer", Map.of("customer.customer", List.of("Alice"))));
        Route byRestriction = AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(REVENUE), null), customers);
        assertThat(byRestriction.fromAggregate()).isFalse();
        assertThat(byRestriction.verdicts()).containsEntry("byCountry",
                "lacks level 'customer.customer' (tested by the user's restriction)");

        EffectiveRestriction countries = new EffectiveRestriction.Restricted(Map.of("geo", Map.of("geo.country", List.of("France"))));
        assertThat(AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(REVENUE), null), countries).chosen())
                .isEqualTo(BY_COUNTRY);
    }

    @Test
    void measuresMustBeStoredAndDecomposableFormulasAndAveragesIncluded() {
        assertThat(AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(PRICE), null), EffectiveRestriction.ALL)
                .chosen()).as("a formula over stored sums").isEqualTo(BY_COUNTRY);
        Route avg = AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(AVG_QTY), null), EffectiveRestriction.ALL);
        assertThat(avg.chosen()).isEqualTo(BY_CITY_YEAR);
        assertThat(avg.verdicts().get("byCountry")).isEqualTo("lacks measure 'avgQty'");
        Route distinct = AggregateRouter.route(BOTH, ROWS, query(List.of(COUNTRY), List.of(REVENUE, BUYERS), null),
                EffectiveRestriction.ALL);
        assertThat(distinct.fromAggregate()).isFalse();
        assertThat(distinct.verdicts().values()).allMatch(v -> v.contains("distinct count"));
        Route customer = AggregateRouter.route(BOTH, ROWS, query(List.of(CUSTOMER), List.of(REVENUE), null),
                EffectiveRestriction.ALL);
        assertThat(customer.chosen()).isNull();
    }

    @Test
    void anAggregateNotBuiltYetIsNeverChosen() {
        Route route = AggregateRouter.route(BOTH, Map.of("byCityYear", 60L), query(List.of(COUNTRY), List.of(REVENUE), null),
                EffectiveRestriction.ALL);
        assertThat(route.chosen()).isEqualTo(BY_CITY_YEAR);
        assertThat(route.verdicts().get("byCountry")).startsWith("not built yet");
    }

    private static ValidatedQuery query(List<Level> levels, List<Measure> measures, Condition where) {
        return new ValidatedQuery(CUBE, levels, measures, where, null, false, List.of(), List.of(), 100, 0, Duration.ofSeconds(1),
                Analytics.NONE, null);
    }

    private static Aggregate aggregate(String name, List<Level> levels, Measure... measures) {
        return new Aggregate("sales", name, Aggregate.tableName("sales", name), levels, List.of(measures), Set.of(), null);
    }

    private static Level level(String hierarchy, String name) {
        return new Level(hierarchy + "." + name, hierarchy, name, name, DataType.STRING, new ColumnRef("sales", name), null, Set.of());
    }

    private static Measure measure(String name, Aggregation aggregation) {
        return new Measure(name, name, aggregation, new ColumnRef("sales", name), null, null, null, null, DataType.INT, Set.of());
    }

    private static Cube cube() {
        Map<String, Level> levels = new LinkedHashMap<>();
        List.of(COUNTRY, CITY, YEAR, CUSTOMER).forEach(l -> levels.put(l.ref(), l));
        Map<String, Measure> measures = new LinkedHashMap<>();
        List.of(REVENUE, UNITS, AVG_QTY, BUYERS, PRICE).forEach(m -> measures.put(m.name(), m));
        return new Cube("sales", "Sales", "", "sales", List.of(), List.of(), levels, measures, DefaultAccess.ALL, TimeDefaults.UTC_ISO);
    }
}
