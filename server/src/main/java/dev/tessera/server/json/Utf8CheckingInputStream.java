package dev.tessera.server.json;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Passes bytes through unchanged and fails, as they go by, on any that are not well-formed UTF-8: overlong forms
 * ({@code C0 AF} for '/'), UTF-16 surrogates, code points past U+10FFFF, stray or missing continuation bytes.
 * Jackson's own reader decodes overlong forms without complaint; the JDK's decoder is strict, so it does the
 * checking here.
 */
final class Utf8CheckingInputStream extends FilterInputStream {

    /** Thrown from {@code read}: an IOException, so Jackson passes it up unwrapped. */
    static final class MalformedUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;
        private final long offset;

        MalformedUtf8Exception(long offset) {
            super("not UTF-8 at byte " + offset);
            this.offset = offset;
        }

        long offset() {
            return offset;
        }
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer sink = CharBuffer.allocate(1024);
    /** The start of a character cut by the end of the last read (at most 3 bytes). */
    private ByteBuffer carry = ByteBuffer.allocate(0);
    /** Bytes handed to the decoder before {@link #carry}'s first one. */
    private long decoded;
    private boolean ended;

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            finish();
        } else if (n > 0) {
            check(ByteBuffer.wrap(b, off, n), false);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes would go unchecked: read them instead.
        return read(new byte[(int) Math.min(n, 8192)]);
    }

    /** Reads what is left, so that bad bytes after the point where the reader stopped are found too. */
    void checkRest() throws IOException {
        byte[] buffer = new byte[8192];
        while (read(buffer, 0, buffer.length) >= 0) {
            // only checked
        }
    }

    private void finish() throws MalformedUtf8Exception {
        if (!ended) {
            ended = true;
            check(ByteBuffer.allocate(0), true);
        }
    }

    private void check(ByteBuffer bytes, boolean endOfInput) throws MalformedUtf8Exception {
        ByteBuffer in = carry.hasRemaining()
                ? ByteBuffer.allocate(carry.remaining() + bytes.remaining()).put(carry).put(bytes).flip()
                : bytes;
        CoderResult result;
        do {
            sink.clear();
            result = decoder.decode(in, sink, endOfInput);
            if (result.isError()) {
                throw new MalformedUtf8Exception(decoded + in.position());
            }
        } while (result.isOverflow());
        decoded += in.position();
        carry = ByteBuffer.allocate(in.remaining()).put(in).flip();
    }
}
