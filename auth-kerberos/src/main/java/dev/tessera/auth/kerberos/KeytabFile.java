package dev.tessera.auth.kerberos;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists what a keytab file holds (principal, key version, encryption type), so a start-up error can say "the
 * keytab has keys for HTTP/web01@EXAMPLE.ORG, not HTTP/analytics@EXAMPLE.ORG". It never exposes key material.
 * The JDK has no public API for this; the format is MIT's (version 0x0501 and 0x0502).
 */
final class KeytabFile {

    record Entry(String principal, int kvno, int encryptionType) {
        String encryptionTypeName() {
            return ENCTYPES.getOrDefault(encryptionType, "enctype " + encryptionType);
        }
    }

    private static final Map<Integer, String> ENCTYPES = Map.of(
            1, "des-cbc-crc", 3, "des-cbc-md5", 16, "des3-cbc-sha1", 17, "aes128-cts-hmac-sha1-96",
            18, "aes256-cts-hmac-sha1-96", 19, "aes128-cts-hmac-sha256-128", 20, "aes256-cts-hmac-sha384-192",
            23, "rc4-hmac", 24, "rc4-hmac-exp");

    private KeytabFile() {}

    /** The entries, or empty when the file is not a keytab this parser understands. */
    static Optional<List<Entry>> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        try {
            if (in.get() != 0x05) {
                return Optional.empty();
            }
            int version = in.get();
            if (version != 1 && version != 2) {
                return Optional.empty();
            }
            List<Entry> entries = new ArrayList<>();
            while (in.remaining() >= 4) {
                int size = in.getInt();
                if (size < 0) { // a hole left by a deleted entry
                    in.position(in.position() - size);
                    continue;
                }
                if (size == 0) {
                    break;
                }
                entries.add(entry(in.slice(in.position(), size), version));
                in.position(in.position() + size);
            }
            return Optional.of(entries);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Entry entry(ByteBuffer in, int version) {
        int components = Short.toUnsignedInt(in.getShort());
        if (version == 1) {
            components--; // version 1 counted the realm too
        }
        String realm = string(in);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < components; i++) {
            if (i > 0) {
                name.append('/');
            }
            name.append(string(in));
        }
        if (version == 2) {
            in.getInt(); // name type
        }
        in.getInt(); // timestamp
        int kvno = Byte.toUnsignedInt(in.get());
        int encryptionType = Short.toUnsignedInt(in.getShort());
        int keyLength = Short.toUnsignedInt(in.getShort());
        in.position(in.position() + keyLength);
        if (in.remaining() >= 4) {
            int kvno32 = in.getInt();
            if (kvno32 != 0) {
                kvno = kvno32;
            }
        }
        return new Entry(name + "@" + realm, kvno, encryptionType);
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
