package dev.tessera.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request line exactly as given, bytes and all: what an attacker's client sends, and what
 * {@code java.net.http} refuses to build ({@code \}, raw control characters, {@code ;} left alone).
 */
public final class RawHttp {

    public record Answer(int status, String head, String body) {}

    private RawHttp() {}

    public static Answer send(int port, String method, String rawTarget, String body, String... headers) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(rawTarget).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            String answer = readAll(socket.getInputStream());
            int headEnd = answer.indexOf("\r\n\r\n");
            String head = headEnd < 0 ? answer : answer.substring(0, headEnd);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ", -1);
            return new Answer(Integer.parseInt(statusLine[1]), head, headEnd < 0 ? "" : answer.substring(headEnd + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
