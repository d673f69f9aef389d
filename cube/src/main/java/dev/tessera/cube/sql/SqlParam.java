package dev.tessera.cube.sql;

import dev.tessera.cube.model.DataType;

/**
 * One bound value. Dates and timestamps travel as ISO text inside a CAST placeholder so that every
 * engine binds them alike; other values as their Java type (String, Long, Double, BigDecimal, Boolean).
 */
public record SqlParam(Object value, DataType type) {
}
