package dev.tessera.server.replicas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx as the replicas' load balancer, started by the test with a config and prefix directory of its
 * own (not the system service): round robin, no sticky sessions, and the next replica tried when one refuses the
 * connection or answers 502/503, which together with graceful shutdown makes a rolling restart invisible.
 */
public final class Nginx implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;
    private final Path prefix;

    private Nginx(Process process, int port, Path prefix) {
        this.process = process;
        this.port = port;
        this.prefix = prefix;
    }

    /** Starts nginx on a free loopback port in front of the given replica ports, and waits until it listens. */
    public static Nginx start(Path prefix, int port, List<Integer> upstreamPorts) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("nginx is not installed: run scripts/test-setup.sh (apt-get install nginx)");
        }
        Files.createDirectories(prefix.resolve("tmp"));
        Path config = prefix.resolve("nginx.conf");
        Files.writeString(config, config(prefix, port, upstreamPorts));
        Process process = new ProcessBuilder(BINARY.toString(), "-e", prefix.resolve("error.log").toString(),
                "-p", prefix.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(process, port, prefix);
        nginx.awaitListening();
        return nginx;
    }

    static String config(Path prefix, int port, List<Integer> upstreamPorts) {
        String servers = upstreamPorts.stream().map(p -> "    server 127.0.0.1:" + p + " max_fails=0;")
                .collect(Collectors.joining("\n"));
        String template = readTemplate();
        return template.replace("@PREFIX@", prefix.toString()).replace("@PORT@", String.valueOf(port))
                .replace("@SERVERS@", servers);
    }

    private static String readTemplate() {
        try (var in = Nginx.class.getResourceAsStream("/replicas-nginx.conf")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx did not start: " + log());
            }
            try {
                new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen on " + port + " in 10 s: " + log());
    }

    public String log() {
        try {
            return Files.readString(prefix.resolve("error.log"));
        } catch (IOException e) {
            return "(no error.log: " + e.getMessage() + ")";
        }
    }

    public int port() {
        return port;
    }

    /** A free loopback port, for a process that must keep its port across restarts. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown, master and workers
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
