import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Revoke-to-effect between two replicas: an admin grants and revokes ROLE_ADMIN for a user on replica A; the
 * time from A's answer until replica B answers the user's session with the new outcome (200, then 403), polled
 * every millisecond. Prints the distribution in ms.
 *
 * Usage: java RevokeLatency.java A_URL B_URL ADMIN_PASSWORD USER USER_PASSWORD ROUNDS
 */
public class RevokeLatency {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public static void main(String[] args) throws Exception {
        String a = args[0], b = args[1], admin = basic("admin", args[2]), user = args[3];
        int rounds = Integer.parseInt(args[5]);
        String cookie = signIn(b, user, args[4]);
        List<Long> micros = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            send(a, "PUT", "/api/v1/admin/users/" + user + "/roles/ROLE_ADMIN", admin);
            micros.add(until(b, cookie, 200));
            send(a, "DELETE", "/api/v1/admin/users/" + user + "/roles/ROLE_ADMIN", admin);
            micros.add(until(b, cookie, 403));
        }
        micros.sort(null);
        System.out.printf("changes %d  min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (ms)%n", micros.size(),
                ms(micros, 0), ms(micros, 0.5), ms(micros, 0.9), ms(micros, 0.99), ms(micros, 1));
    }

    private static double ms(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1000.0;
    }

    private static long until(String replica, String cookie, int status) throws Exception {
        long start = System.nanoTime();
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(replica + "/api/v1/admin/users"))
                    .header("Cookie", cookie).header("X-Requested-With", "bench").build();
            if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                return (System.nanoTime() - start) / 1000;
            }
            if (System.nanoTime() - start > 30_000_000_000L) {
                throw new IllegalStateException("no " + status + " from " + replica + " in 30 s");
            }
            Thread.sleep(1);
        }
    }

    private static void send(String base, String method, String path, String authorization) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", authorization).build();
        int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + status);
        }
    }

    private static String signIn(String base, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build();
        HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("tessera_session="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("sign-in failed: " + response.statusCode()));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
