package dev.tessera.cube.query;

import dev.tessera.cube.analytics.Analytics;
import dev.tessera.cube.analytics.CalculationReader;
import dev.tessera.cube.model.Cube;
import dev.tessera.cube.model.Level;
import dev.tessera.cube.model.Measure;
import dev.tessera.cube.time.TimeReader;
import dev.tessera.cube.time.TimeSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a {@link CubeQuery} against its cube and types every value. Its size is checked first
 * ({@link QuerySizeCheck}); then every problem is gathered, each with a JSON pointer ({@code /levels/1},
 * {@code /filters/and/0/values/2}) and the names that exist.
 */
public final class QueryValidator {

    /**
     * The caps a request may lower but not raise (the row cap and the query time) and the query's size limits.
     */
    public record Limits(int maxRows, Duration maxTimeout, QueryLimits sizes) {
    }

    private final QueryProblems problems;
    private final FilterReader filters;

    private QueryValidator(Cube cube) {
        this.problems = new QueryProblems(cube);
        this.filters = new FilterReader(problems);
    }

    /** Checks the query against the cube; throws {@link QueryValidationException} listing every problem found. */
    public static ValidatedQuery validate(Cube cube, CubeQuery query, Limits limits) {
        List<QueryError> tooLarge = QuerySizeCheck.check(query, limits.sizes());
        if (!tooLarge.isEmpty()) {
            throw new QueryValidationException(tooLarge);
        }
        return new QueryValidator(cube).run(query, limits);
    }

    private ValidatedQuery run(CubeQuery q, Limits limits) {
        Set<String> requested = new HashSet<>();
        List<Level> levels = levels(q, requested);
        List<Measure> measures = measures(q, requested);
        if (q.levels().isEmpty() && q.measures().isEmpty()) {
            problems.add("", "ask for at least one level or measure");
        }
        WhereAndHaving conditions = conditions(q);
        List<Level> subtotals = subtotals(q, levels);
        TimeSpec time = time(q);
        Analytics analytics = new CalculationReader(problems, levels, measures, time).read(q);
        List<ValidatedQuery.Order> order = order(q, levels, measures, CalculationReader.columnNames(analytics));
        int limit = limit(q, limits.maxRows());
        int offset = offset(q);
        Duration timeout = timeout(q, limits.maxTimeout());
        problems.throwIfAny();
        return new ValidatedQuery(problems.cube(), List.copyOf(levels), List.copyOf(measures), conditions.where(),
                conditions.having(), q.totals().grand(), List.copyOf(subtotals), List.copyOf(order), limit, offset, timeout,
                analytics, time);
    }

    /** The query's {@code time} resolved against the server's clock unless it pins {@code now}; null without one. */
    private TimeSpec time(CubeQuery q) {
        if (q.time() == null) {
            return null;
        }
        boolean totals = !q.levels().isEmpty() && (q.totals().grand() || !q.totals().subtotals().isEmpty());
        TimeReader.Result read = TimeReader.read(problems.cube(), q.time(), q.levels(), totals, Instant.now());
        read.errors().forEach(e -> problems.add(e.pointer(), e.detail()));
        return read.spec();
    }

    private List<Level> levels(CubeQuery q, Set<String> requested) {
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < q.levels().size(); i++) {
            String ref = q.levels().get(i);
            Level l = problems.level(ref, "/levels/" + i);
            if (l != null && !requested.add(ref)) {
                problems.add("/levels/" + i, "level '" + ref + "' is requested twice");
            } else if (l != null) {
                levels.add(l);
            }
        }
        return levels;
    }

    private List<Measure> measures(CubeQuery q, Set<String> requested) {
        List<Measure> measures = new ArrayList<>();
        for (int i = 0; i < q.measures().size(); i++) {
            String name = q.measures().get(i);
            Measure m = problems.measure(name, "/measures/" + i);
            if (m != null && !requested.add(name)) {
                problems.add("/measures/" + i, "measure '" + name + "' is requested twice");
            } else if (m != null) {
                measures.add(m);
            }
        }
        return measures;
    }

    private record WhereAndHaving(Condition where, Condition having) {
    }

    /** Level conditions go to WHERE; measure conditions, from {@code filters} or {@code having}, to HAVING. */
    private WhereAndHaving conditions(CubeQuery q) {
        WhereAndHaving split = new WhereAndHaving(null, null);
        if (q.filters() != null && !q.filters().isNull()) {
            Condition c = filters.read(q.filters(), "/filters", true);
            if (c != null) {
                split = split(c);
            }
        }
        if (q.having() != null && !q.having().isNull()) {
            Condition h = filters.read(q.having(), "/having", false);
            if (h != null) {
                Condition having = FilterReader.and(split.having() == null ? List.of(h) : List.of(split.having(), h));
                split = new WhereAndHaving(split.where(), having);
            }
        }
        return split;
    }

    /** The top-level parts of {@code filters} by kind; an or/not mixing both kinds cannot be split, so is refused. */
    private WhereAndHaving split(Condition c) {
        List<Condition> whereParts = new ArrayList<>();
        List<Condition> havingParts = new ArrayList<>();
        List<Condition> top = c instanceof Condition.And a ? a.parts() : List.of(c);
        for (int i = 0; i < top.size(); i++) {
            Condition part = top.get(i);
            boolean onLevels = mentions(part, Condition.LevelCondition.class);
            boolean onMeasures = mentions(part, Condition.MeasureCondition.class);
            if (onLevels && onMeasures) {
                problems.add(c instanceof Condition.And ? "/filters/and/" + i : "/filters",
                        "an or/not may not mix level and measure conditions; put measure conditions in 'having' or at the top level");
            } else if (onMeasures) {
                havingParts.add(part);
            } else {
                whereParts.add(part);
            }
        }
        return new WhereAndHaving(FilterReader.and(whereParts), FilterReader.and(havingParts));
    }

    private List<Level> subtotals(CubeQuery q, List<Level> levels) {
        List<Level> subtotals = new ArrayList<>();
        for (int i = 0; i < q.totals().subtotals().size(); i++) {
            String ref = q.totals().subtotals().get(i);
            Level l = levels.stream().filter(x -> x.ref().equals(ref)).findFirst().orElse(null);
            if (l == null) {
                problems.add("/totals/subtotals/" + i, "subtotals must name requested levels; '" + ref + "' is not one of: "
                        + String.join(", ", q.levels()));
            } else {
                subtotals.add(l);
            }
        }
        return subtotals;
    }

    private List<ValidatedQuery.Order> order(CubeQuery q, List<Level> levels, List<Measure> measures,
                                             List<String> calculations) {
        List<String> columns = new ArrayList<>(levels.stream().map(Level::ref).toList());
        measures.forEach(m -> columns.add(m.name()));
        columns.addAll(calculations);
        List<ValidatedQuery.Order> order = new ArrayList<>();
        for (int i = 0; i < q.order().size(); i++) {
            CubeQuery.OrderItem item = q.order().get(i);
            String by = item == null ? null : item.by();
            int column = by == null ? -1 : columns.indexOf(by);
            if (column < 0) {
                List<String> names = new ArrayList<>(q.levels());
                names.addAll(q.measures());
                names.addAll(calculations);
                problems.add("/order/" + i + "/by", "order by '" + by + "' is not a requested level, measure or calculation;"
                        + " those are: "
                        + String.join(", ", names));
                continue;
            }
            String dir = item.dir() == null ? "asc" : item.dir().toLowerCase(Locale.ROOT);
            if (!dir.equals("asc") && !dir.equals("desc")) {
                problems.add("/order/" + i + "/dir", "dir must be asc or desc, not '" + item.dir() + "'");
            }
            order.add(new ValidatedQuery.Order(column, dir.equals("desc")));
        }
        return order;
    }

    private int limit(CubeQuery q, int maxRows) {
        if (q.limit() == null) {
            return maxRows;
        }
        if (q.limit() < 0 || q.limit() > maxRows) {
            problems.add("/limit", "limit must be between 0 and " + maxRows + ", the row cap");
            return maxRows;
        }
        return q.limit();
    }

    private int offset(CubeQuery q) {
        if (q.offset() != null && q.offset() < 0) {
            problems.add("/offset", "offset must not be negative");
            return 0;
        }
        return q.offset() == null ? 0 : q.offset();
    }

    private Duration timeout(CubeQuery q, Duration maxTimeout) {
        if (q.timeoutMs() == null) {
            return maxTimeout;
        }
        if (q.timeoutMs() <= 0 || q.timeoutMs() > maxTimeout.toMillis()) {
            problems.add("/timeoutMs", "timeoutMs must be between 1 and " + maxTimeout.toMillis()
                    + " (the configured query timeout)");
            return maxTimeout;
        }
        return Duration.ofMillis(q.timeoutMs());
    }

    private static boolean mentions(Condition c, Class<? extends Condition> leaf) {
        if (c instanceof Condition.And a) {
            return a.parts().stream().anyMatch(p -> mentions(p, leaf));
        }
        if (c instanceof Condition.Or o) {
            return o.parts().stream().anyMatch(p -> mentions(p, leaf));
        }
        if (c instanceof Condition.Not n) {
            return mentions(n.part(), leaf);
        }
        return leaf.isInstance(c);
    }

    /** RFC 6901 escaping of one reference token. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
