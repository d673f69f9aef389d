package dev.tessera.cube;

/** Turns a query's answer into the bytes of a wire format (an Arrow stream), once, for the result cache to keep. */
@FunctionalInterface
public interface AnswerEncoder {

    /** The whole answer, encoded; an encoding failure is unchecked (it is the server's bug, not the caller's). */
    byte[] encode(QueryResult answer);
}
