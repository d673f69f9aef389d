package dev.tessera.server.kerberos;

import dev.tessera.auth.kerberos.testing.SpnegoClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Load driver for {@code bench/kerberos/run.sh}: {@code GET /api/v1/whoami} in a closed loop, either with a fresh
 * SPNEGO token per request (what a browser does without a session: one ticket check on the server each time) or
 * with the session cookie from one {@code GET /login/kerberos}. wrk cannot make GSS tokens, hence this.
 *
 * <pre>
 * KerberosLoadDriver cookie  BASE_URL KRB5_CONF PRINCIPAL PASSWORD            prints tessera_session=...
 * KerberosLoadDriver measure BASE_URL KRB5_CONF PRINCIPAL PASSWORD SECONDS [THREADS,...]   one RESULT line per run
 * </pre>
 * The client's own GSS work (one AP-REQ per request, the service ticket is cached in its Subject) runs on the same
 * machine; the server's mutual-authentication token is checked once up front, not per request.
 */
public final class KerberosLoadDriver {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @SuppressWarnings("ArrayRecordComponent") // a private tally: the array never leaves this class, nor is compared
    private record Run(String mode, int threads, long requests, long errors, double seconds, long[] latenciesNanos) {
        String describe() {
            Arrays.sort(latenciesNanos);
            return String.format(Locale.ROOT, "RESULT %s threads=%d requests=%d errors=%d rps=%.0f p50=%.2fms p99=%.2fms",
                    mode, threads, requests, errors, requests / seconds, percentile(0.50), percentile(0.99));
        }

        private double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, Math.floor(p * latenciesNanos.length))] / 1e6;
        }
    }

    private static final int WARM_UP_SECONDS = 6;

    private KerberosLoadDriver() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: KerberosLoadDriver cookie|measure BASE_URL KRB5_CONF PRINCIPAL PASSWORD [SECONDS]");
            System.exit(2);
        }
        String baseUrl = args[1];
        System.setProperty("java.security.krb5.conf", args[2]);
        SpnegoClient user = SpnegoClient.login(args[3], args[4]);
        String service = "HTTP/" + URI.create(baseUrl).getHost() + "@" + args[3].substring(args[3].indexOf('@') + 1);
        URI whoami = URI.create(baseUrl + "/api/v1/whoami");
        String cookie = loginCookie(user, service, baseUrl);
        if (args[0].equals("cookie")) {
            System.out.println(cookie);
            return;
        }
        int seconds = Integer.parseInt(args[5]);
        checkMutualAuthentication(user, service, whoami);
        Supplier<HttpRequest> negotiate = () -> {
            try (SpnegoClient.Handshake handshake = user.handshake(service)) {
                return HttpRequest.newBuilder(whoami).header("Authorization", handshake.authorizationHeader()).build();
            }
        };
        Supplier<HttpRequest> session = () -> HttpRequest.newBuilder(whoami).header("Cookie", cookie).build();
        loop(2, WARM_UP_SECONDS, negotiate); // JIT of client and server first, or the first run pays for it
        loop(2, WARM_UP_SECONDS, session);
        int[] threadCounts = args.length > 6
                ? Arrays.stream(args[6].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        for (int threads : threadCounts) {
            for (Run run : measure(threads, seconds, negotiate, session)) {
                System.out.println(run.describe());
            }
        }
    }

    /** One handshake at {@code /login/kerberos}; returns {@code tessera_session=...}. */
    private static String loginCookie(SpnegoClient user, String service, String baseUrl) throws Exception {
        try (SpnegoClient.Handshake handshake = user.handshake(service)) {
            HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login/kerberos"))
                    .header("Authorization", handshake.authorizationHeader()).build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 303) {
                throw new IllegalStateException("/login/kerberos answered " + login.statusCode() + ": " + login.body());
            }
            String setCookie = login.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("tessera_session=")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("/login/kerberos set no session cookie"));
            return setCookie.substring(0, setCookie.indexOf(';'));
        }
    }

    private static void checkMutualAuthentication(SpnegoClient user, String service, URI whoami) throws Exception {
        try (SpnegoClient.Handshake handshake = user.handshake(service)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(whoami)
                    .header("Authorization", handshake.authorizationHeader()).build(), HttpResponse.BodyHandlers.ofString());
            String mutual = response.headers().firstValue("WWW-Authenticate").orElse("");
            if (response.statusCode() != 200 || !handshake.acceptsServerResponse(mutual)) {
                throw new IllegalStateException("Negotiate whoami: " + response.statusCode() + " '" + mutual + "' "
                        + response.body());
            }
        }
    }

    /**
     * {@code seconds} one-second slices of each mode, interleaved (N C C N N C ...), so that both see the same
     * background load on a shared machine and their ratio holds even when the absolute figures drift.
     */
    private static List<Run> measure(int threads, int seconds, Supplier<HttpRequest> negotiate,
                                     Supplier<HttpRequest> cookie) throws Exception {
        Slices negotiated = new Slices();
        Slices session = new Slices();
        for (int round = 0; round < seconds; round++) {
            boolean negotiateFirst = round % 2 == 0;
            (negotiateFirst ? negotiated : session).add(threads, negotiateFirst ? negotiate : cookie);
            (negotiateFirst ? session : negotiated).add(threads, negotiateFirst ? cookie : negotiate);
        }
        return List.of(negotiated.run("negotiate", threads), session.run("cookie", threads));
    }

    /** The requests of one mode's slices, added up. */
    private static final class Slices {
        private double seconds;
        private long errors;
        private final List<long[]> latencies = new ArrayList<>();

        void add(int threads, Supplier<HttpRequest> requests) throws Exception {
            long start = System.nanoTime();
            List<long[]> perThread = loop(threads, 1, requests);
            seconds += (System.nanoTime() - start) / 1e9;
            for (long[] result : perThread) {
                errors += result[0];
                latencies.add(Arrays.copyOfRange(result, 1, result.length));
            }
        }

        Run run(String mode, int threads) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
            return new Run(mode, threads, all.length, errors, seconds, all);
        }
    }

    /** @return per thread: {errors, latency of each 200...} */
    private static List<long[]> loop(int threads, int seconds, Supplier<HttpRequest> requests) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 1;
                    long errors = 0;
                    while (System.nanoTime() < deadline) {
                        long begin = System.nanoTime();
                        HttpResponse<Void> response = send(requests.get());
                        if (response != null && response.statusCode() == 200) {
                            if (n == latencies.length) {
                                latencies = Arrays.copyOf(latencies, n * 2);
                            }
                            latencies[n++] = System.nanoTime() - begin;
                        } else {
                            errors++;
                        }
                    }
                    latencies[0] = errors;
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> results = new ArrayList<>();
            for (Future<long[]> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpResponse<Void> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
