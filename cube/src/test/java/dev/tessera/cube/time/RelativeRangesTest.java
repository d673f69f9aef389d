package dev.tessera.cube.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Relative ranges at the calendar's edges: leap years, year ends, weeks that straddle them. */
class RelativeRangesTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        "this month,        2024-02-10, MONDAY, 2024-02-01, 2024-02-29",
        "this month,        2023-02-10, MONDAY, 2023-02-01, 2023-02-28",
        "last month,        2024-03-31, MONDAY, 2024-02-01, 2024-02-29",
        "last 3 quarters,   2024-01-05, MONDAY, 2023-04-01, 2023-12-31",
        "this week,         2021-01-01, MONDAY, 2020-12-28, 2021-01-03",
        "this week,         2021-01-01, SUNDAY, 2020-12-27, 2021-01-02",
        "week to date,      2021-01-03, MONDAY, 2020-12-28, 2021-01-03",
        "last 2 weeks,      2021-01-06, MONDAY, 2020-12-21, 2021-01-03",
        "quarter to date,   2024-05-20, MONDAY, 2024-04-01, 2024-05-20",
        "last 1 year,       2025-02-28, MONDAY, 2024-01-01, 2024-12-31",
        "'  Last   7  DAYS ', 2024-03-01, MONDAY, 2024-02-23, 2024-02-29",
        "last day,          2024-03-01, MONDAY, 2024-02-29, 2024-02-29"})
    void resolves(String text, LocalDate today, DayOfWeek weekStart, LocalDate from, LocalDate to) {
        assertThat(RelativeRanges.resolve(text, today, weekStart)).contains(new DateRange(from, to));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({"last 0 days", "last -1 days", "next week", "this fortnight", "last 1000000 days", "2024", "''"})
    void refusesWhatIsNotARange(String text) {
        assertThat(RelativeRanges.resolve(text, LocalDate.of(2024, 6, 15), DayOfWeek.MONDAY)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DAY, 2024-02-01, 2024-02-29, 29", "WEEK, 2020-12-31, 2021-01-04, 2", "MONTH, 2023-06-20, 2024-05-01, 12",
        "QUARTER, 2023-12-31, 2024-01-01, 2", "YEAR, 2020-01-01, 2024-12-31, 5"})
    void countsThePeriodsARangeTouches(Granularity g, LocalDate from, LocalDate to, long periods) {
        assertThat(g.periodsBetween(from, to, DayOfWeek.MONDAY)).isEqualTo(periods);
    }
}
