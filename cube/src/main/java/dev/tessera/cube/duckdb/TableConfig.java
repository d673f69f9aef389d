package dev.tessera.cube.duckdb;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A table loaded at start: {@code { name: sales, source: data/sample/sales.parquet }}. {@code source} is a
 * path or glob ({@code data/sales/*.parquet}); the format follows the extension unless {@code format} says.
 * {@code refresh: 15m} reloads the engine's data on that schedule; {@code watch: true} reloads it once the file
 * (or the files of the glob) changed and then stayed unchanged for a moment ({@link TableTriggers}).
 */
public record TableConfig(
        @NotBlank @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be a plain SQL name (letters, digits, _)") String name,
        @NotBlank String source,
        Format format,
        @MinDuration(value = 1, unit = TimeUnit.SECONDS) Duration refresh,
        Boolean watch) {

    /** Whether the file is watched for changes. */
    public boolean watched() {
        return Boolean.TRUE.equals(watch);
    }

    public enum Format {
        CSV, PARQUET;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Format fromJson(String text) {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The declared format, or the one the extension tells (.parquet; .csv, .tsv, .txt, optionally .gz). */
    public Format effectiveFormat() {
        if (format != null) {
            return format;
        }
        String s = source == null ? "" : source.toLowerCase(Locale.ROOT);
        if (s.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        String plain = s.endsWith(".gz") ? s.substring(0, s.length() - 3) : s.endsWith(".zst") ? s.substring(0, s.length() - 4) : s;
        return plain.endsWith(".csv") || plain.endsWith(".tsv") || plain.endsWith(".txt") ? Format.CSV : null;
    }

    @ValidationMethod(message = "source must end in .parquet or .csv (or .tsv, .txt, .gz), or format must be csv or parquet")
    public boolean isFormatKnown() {
        return source == null || effectiveFormat() != null;
    }
}
