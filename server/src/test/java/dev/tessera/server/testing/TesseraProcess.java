package dev.tessera.server.testing;

import dev.tessera.server.TesseraApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real jar's main class in a JVM of its own, on the test classpath: for what a test cannot do to its own JVM
 * (kill it with SIGKILL, hold a file lock against it, watch it exit with a code and a message).
 */
public final class TesseraProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Started (application|admin)@\\w+\\{.*\\}\\{.*:(\\d+)\\}");
    /** Starts fast and small: the machine is shared, and these JVMs live seconds. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

    private final Process process;
    private final Path output;
    private int port;
    private int adminPort;

    private TesseraProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Runs a command ({@code users add ...}, {@code check ...}) to its end; standard input is the given text. */
    public static Result run(Path workingDirectory, String stdin, String... arguments) {
        TesseraProcess command = launch(workingDirectory, arguments);
        try {
            command.process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            command.process.getOutputStream().close();
            if (!command.process.waitFor(60, TimeUnit.SECONDS)) {
                command.kill();
                throw new AssertionError("tessera " + String.join(" ", arguments) + " did not end in 60 s:\n" + command.output());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(command.process.exitValue(), command.output());
    }

    /** The exit code and everything printed, standard output and error together. */
    public record Result(int exitCode, String output) {}

    /** Starts {@code server config} and waits until both connectors listen (their ports are chosen at bind time). */
    public static TesseraProcess server(Path workingDirectory, Path config) {
        TesseraProcess server = launch(workingDirectory, "server", config.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (server.port == 0 || server.adminPort == 0) {
            if (!server.process.isAlive() || System.nanoTime() > deadline) {
                server.kill();
                throw new AssertionError("The server did not start:\n" + server.output());
            }
            sleep(50);
            server.readPorts();
        }
        return server;
    }

    private static TesseraProcess launch(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TesseraApplication.class.getName());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("tessera-process", ".log");
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            return new TesseraProcess(process, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readPorts() {
        Matcher started = STARTED.matcher(output());
        while (started.find()) {
            int bound = Integer.parseInt(started.group(2));
            if (started.group(1).equals("application")) {
                port = bound;
            } else {
                adminPort = bound;
            }
        }
    }

    public int port() {
        return port;
    }

    public int adminPort() {
        return adminPort;
    }

    public long pid() {
        return process.pid();
    }

    public TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no close; what a crash or the OOM killer does. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: Dropwizard stops Jetty and closes the store. */
    public void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
