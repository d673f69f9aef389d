package dev.tessera.cube.query;

/**
 * One problem with a request: a JSON pointer into the request body (RFC 6901; null when the problem is
 * not in a body, e.g. a path parameter) and a sentence for a person, naming the names that do exist.
 */
public record QueryError(String pointer, String detail) {
}
