package dev.tessera.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tessera.auth.kerberos.testing.KdcFixture;
import dev.tessera.auth.ldap.testing.LdapDirectoryFixture;
import dev.tessera.auth.oidc.testing.OidcProviderFixture;
import dev.tessera.server.TesseraApplication;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The sign-in chooser in headless Chromium with every browser backend configured at once (browser-signin.yml):
 * Basic, LDAP against the in-process directory, OIDC through mock-oauth2-server (the whole redirect round trip), and
 * Kerberos from a browser that holds no ticket. Each sign-in must come back to the page that was asked for.
 */
class SignInBrowserIT {

    private static LdapDirectoryFixture directory;
    private static KdcFixture kdc;
    private static OidcProviderFixture idp;
    private static DropwizardTestSupport<TesseraConfiguration> app;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() throws Exception {
        directory = LdapDirectoryFixture.start();
        kdc = KdcFixture.start();
        idp = OidcProviderFixture.start();
        Path dataDirectory = TesseraTestApp.newDataDirectory();
        String yaml = Files.readString(Path.of(ResourceHelpers.resourceFilePath("browser-signin.yml")));
        for (Map.Entry<String, String> value : Map.of("DATA_DIRECTORY", dataDirectory.toString(),
                "LDAP_URL", directory.ldapUrl(), "SERVICE_PRINCIPAL", kdc.servicePrincipal(),
                "KEYTAB", kdc.keytab().toString(), "KRB5_CONF", kdc.krb5Conf().toString(),
                "AUTH0_ISSUER", idp.issuerUrl("auth0").toString()).entrySet()) {
            yaml = yaml.replace("@" + value.getKey() + "@", value.getValue());
        }
        Path config = dataDirectory.resolve("browser-signin.yml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        app = new DropwizardTestSupport<>(TesseraApplication.class, config.toString());
        app.before();
        chromium = HeadlessChromium.start("http://localhost:" + app.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.after();
        }
        if (idp != null) {
            idp.close();
        }
        if (kdc != null) {
            kdc.close();
        }
        if (directory != null) {
            directory.close();
        }
    }

    @BeforeEach
    void signedOut() {
        chromium.open("/login");
        chromium.driver().manage().deleteAllCookies();
    }

    /** Opens the explorer signed out: the chooser, remembering where the browser was going. */
    private static void openChooser() {
        chromium.open("/ui/?cube=none");
        chromium.waitFor(d -> chromium.path().startsWith("/login?returnTo=") ? Boolean.TRUE : null);
    }

    private static String signedInAs() {
        chromium.waitFor(d -> chromium.path().startsWith("/ui/?cube=none") ? Boolean.TRUE : null);
        return chromium.find(By.cssSelector("header.top .who span")).getText();
    }

    @Test
    void theChooserOffersEveryBrowserBackend() {
        openChooser();
        List<String> buttons = chromium.driver().findElements(By.cssSelector("a.button")).stream().map(WebElement::getText).toList();
        assertThat(buttons).containsExactly("Sign in with Example Corp SSO", "Windows sign-in");
        assertThat(chromium.find(By.cssSelector("label[for=username]")).getText()).isEqualTo("Username");
        assertThat(chromium.find(By.cssSelector("label[for=password]")).getText()).isEqualTo("Password");
    }

    @Test
    void basic() {
        openChooser();
        chromium.signInWithPassword("admin", "admin-password-1");
        assertThat(signedInAs()).isEqualTo("Signed in as admin (basic)");
    }

    @Test
    void ldapFromTheInProcessDirectory() {
        openChooser();
        chromium.signInWithPassword("alice", LdapDirectoryFixture.PASSWORDS.get("alice"));
        assertThat(signedInAs()).isEqualTo("Signed in as alice (corp)");
        assertThat(chromium.bodyText()).doesNotContain("lack ROLE_USER"); // analysts -> ROLE_USER
    }

    @Test
    void aWrongPasswordIsRefusedOnTheChooserItself() {
        openChooser();
        chromium.signInWithPassword("alice", "not-her-password");
        assertThat(chromium.find(By.cssSelector("[role=alert]")).getText()).isNotBlank();
        assertThat(chromium.path()).isEqualTo("/login");
        assertThat(chromium.driver().findElements(By.cssSelector("a.button"))).hasSize(2);
    }

    @Test
    void oidcTheWholeRedirectRoundTrip() {
        idp.enqueueLogin("auth0", "auth0|olga", Map.of("email", "olga@example.com",
                "https://tessera.example/roles", List.of("analysts")));
        openChooser();
        chromium.find(By.cssSelector("a[data-provider=auth0]")).click();
        assertThat(signedInAs()).isEqualTo("Signed in as olga@example.com (auth0)");
    }

    @Test
    void oidcWithoutRoleUserSaysWhomToAsk() {
        idp.enqueueLogin("auth0", "auth0|nina", Map.of("email", "nina@example.com"));
        openChooser();
        chromium.find(By.cssSelector("a[data-provider=auth0]")).click();
        signedInAs();
        assertThat(chromium.find(By.cssSelector("[data-test=missing-role]")).getText())
                .contains("nina@example.com").contains("auth0").contains("ROLE_USER").contains("Ask an administrator");
    }

    @Test
    void kerberosWithoutATicketLeavesTheOtherWaysIn() {
        openChooser();
        chromium.find(By.id("kerberos")).click();
        chromium.waitForText("Kerberos sign-in did not work");
        assertThat(chromium.driver().findElements(By.id("username"))).hasSize(1);
        assertThat(chromium.driver().findElements(By.cssSelector("a[data-provider=auth0]"))).hasSize(1);
    }
}
