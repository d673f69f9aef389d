package dev.tessera.server.kerberos;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test KDC as a process, for {@code bench/kerberos/run.sh}: starts a {@link KdcFixture} (realm
 * {@code TESSERA.TEST}, users alice and bob, {@code HTTP/localhost} in a keytab), writes what the app config and
 * the clients need as shell variables to the file given as argument, then serves until killed (SIGTERM).
 */
public final class BenchKdcMain {

    private BenchKdcMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchKdcMain ENV_FILE");
            System.exit(2);
        }
        KdcFixture kdc = KdcFixture.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kdc.close();
            } catch (Exception ignored) {
                // the process is going away
            }
        }));
        String env = "KDC_REALM=" + kdc.realm() + "\n"
                + "KDC_PORT=" + kdc.port() + "\n"
                + "KDC_SERVICE_PRINCIPAL=" + kdc.servicePrincipal() + "\n"
                + "KDC_KEYTAB=" + kdc.keytab() + "\n"
                + "KDC_KRB5_CONF=" + kdc.krb5Conf() + "\n"
                + "KDC_ALICE=" + kdc.principal(KdcFixture.ALICE) + "\n"
                + "KDC_ALICE_PASSWORD=" + KdcFixture.passwordOf(KdcFixture.ALICE) + "\n";
        Path file = Path.of(args[0]);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, env, StandardCharsets.UTF_8);
        Files.move(partial, file); // appears whole: the script polls for it
        Thread.currentThread().join(); // serve until killed; the shutdown hook removes the KDC's files
    }
}
