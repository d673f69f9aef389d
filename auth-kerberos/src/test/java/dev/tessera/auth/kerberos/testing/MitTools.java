package dev.tessera.auth.kerberos.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real MIT client tools ({@code kinit}, {@code klist}, {@code kvno} from Debian {@code krb5-user}) and
 * {@code curl --negotiate}, run against a {@link KdcFixture}. Tests fail (not skip) when the tools are absent:
 * CI installs them.
 */
public final class MitTools {

    private static final String INSTALL_HINT =
            "install them with: DEBIAN_FRONTEND=noninteractive apt-get install -y krb5-user curl";

    /** What a tool printed (stdout and stderr together). */
    public record Result(int exitCode, String output) {}

    /**
     * An HTTP exchange as curl saw it.
     *
     * @param status  the final status code
     * @param headers the raw header blocks of every response, the 401 challenge included
     */
    public record HttpResult(int status, String headers, String body) {
        /** The {@code WWW-Authenticate} value of the final response, if any. */
        public String finalWwwAuthenticate() {
            String[] blocks = headers.strip().split("\\r?\\n\\r?\\n", -1);
            for (String line : blocks[blocks.length - 1].split("\\r?\\n", -1)) {
                if (line.regionMatches(true, 0, "WWW-Authenticate:", 0, "WWW-Authenticate:".length())) {
                    return line.substring("WWW-Authenticate:".length()).strip();
                }
            }
            return null;
        }
    }

    private MitTools() {}

    /** Fails with an install hint when kinit, klist, kvno or a GSS-API curl are missing. */
    public static void requireInstalled() {
        for (String tool : List.of("kinit", "klist", "kvno", "curl")) {
            if (!onPath(tool)) {
                throw new IllegalStateException("the MIT Kerberos client tools and curl are required by this test, "
                        + "but '" + tool + "' is not on the PATH; " + INSTALL_HINT);
            }
        }
        Result version = run(Map.of(), null, "curl", "-V");
        if (!version.output().contains("GSS-API") && !version.output().contains("SPNEGO")) {
            throw new IllegalStateException("this curl has no GSS-API/SPNEGO support:\n" + version.output());
        }
    }

    /** {@code kinit user@REALM} with its fixture password on stdin, into the credential cache file {@code ccache}. */
    public static void kinit(KdcFixture kdc, String user, Path ccache) {
        Result result = run(kdc.mitEnvironment(ccache), KdcFixture.passwordOf(user) + "\n", "kinit", kdc.principal(user));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kinit " + kdc.principal(user) + " failed (" + result.exitCode() + "):\n"
                    + result.output());
        }
    }

    public static Result klist(KdcFixture kdc, Path ccache) {
        return run(kdc.mitEnvironment(ccache), null, "klist");
    }

    /** {@code kvno principal}: asks the KDC for a service ticket with the TGT in {@code ccache}. */
    public static Result kvno(KdcFixture kdc, Path ccache, String principal) {
        return run(kdc.mitEnvironment(ccache), null, "kvno", principal);
    }

    /**
     * {@code curl --negotiate -u : URL} with the tickets in {@code ccache}. The URL's host must be
     * {@link KdcFixture#SERVICE_HOST} ({@code localhost}): curl builds the SPN {@code HTTP/<host>} from it.
     */
    public static HttpResult curlNegotiate(KdcFixture kdc, Path ccache, URI url, String... extraArguments) {
        try {
            Path headers = Files.createTempFile(kdc.workDir(), "curl-headers", ".txt");
            Path body = Files.createTempFile(kdc.workDir(), "curl-body", ".txt");
            List<String> command = new ArrayList<>(List.of("curl", "--negotiate", "-u", ":", "-sS", "--max-time", "20",
                    "-D", headers.toString(), "-o", body.toString(), "-w", "%{http_code}"));
            command.addAll(List.of(extraArguments));
            command.add(url.toString());
            Result result = run(kdc.mitEnvironment(ccache), null, command.toArray(String[]::new));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("curl failed (" + result.exitCode() + "):\n" + result.output());
            }
            return new HttpResult(Integer.parseInt(result.output().strip()),
                    Files.readString(headers, StandardCharsets.UTF_8), Files.readString(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool with a clean Kerberos environment plus {@code environment}. */
    public static Result run(Map<String, String> environment, String stdin, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KRB5"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(java.io.File.pathSeparator, -1)) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }
}
