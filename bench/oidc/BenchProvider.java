import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The OIDC provider for bench/auth-oidc.sh, outside the app as a real one would be: NAV's mock-oauth2-server
 * through the auth-oidc test fixture, on a free port. Writes the issuer URLs and two access tokens (valid one hour)
 * to the file named by the first argument as KEY=VALUE lines, then serves until killed.
 *
 * <p>Run as a single-file program: {@code java -cp <auth-oidc test classpath> bench/oidc/BenchProvider.java OUT}.
 */
public class BenchProvider {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        OidcProviderFixture idp = OidcProviderFixture.start();
        String jwt = idp.token("auth0").subject("auth0|bench").claim("email", "bench@example.com")
                .claim("https://tessera.example/roles", List.of("analysts")).sign();
        // Handed to a backend with accessTokenFormat: opaque, this is checked at the provider's user info endpoint
        // on every cache miss, exactly as a truly opaque token would be.
        String opaque = idp.token("corp").subject("bench-opaque").sign();
        String lines = "AUTH0_ISSUER=" + idp.issuerUrl("auth0") + "\n"
                + "CORP_ISSUER=" + idp.issuerUrl("corp") + "\n"
                + "JWT=" + jwt + "\n"
                + "OPAQUE=" + opaque + "\n";
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        Files.writeString(partial, lines, StandardCharsets.UTF_8);
        Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        Runtime.getRuntime().addShutdownHook(new Thread(idp::close));
        Thread.currentThread().join();
    }
}
