package dev.tessera.cube.time;

import java.time.LocalDate;

/** Days {@code from} to {@code to}, both included. */
public record DateRange(LocalDate from, LocalDate to) {
}
