package dev.tessera.cube.time;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer's {@code time}: how the query's {@code time} was read, so a relative range can be shown as the days it
 * covered ({@code from} and {@code to} included) and {@code now} it was resolved against.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimeAnswer(String level, String granularity, String weekStart, String timeZone, String now, String from,
                         String to, boolean filled) {
}
