package dev.tessera.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tessera.server.TesseraConfiguration;
import dev.tessera.server.testing.TesseraTestApp;
import dev.tessera.server.testing.TestClient;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The cube explorer and the admin console in headless Chromium against the running app (Basic sign-in, the test
 * cubes of cube-it-config.yml): what a person sees in the page is checked against what the API answers.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExplorerBrowserIT {

    static final DropwizardAppExtension<TesseraConfiguration> APP = TesseraTestApp.create("cube-it-config.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "admin-password-1";
    private static final String PASSWORD = "a-long-password-1";

    private static TestClient client;
    private static HeadlessChromium chromium;

    @BeforeAll
    static void start() {
        client = TesseraTestApp.client(APP);
        admin("PUT", "/api/v1/admin/restrictions/ROLE_FR", "{\"sales\":{\"geo.country\":[\"France\"]}}");
        admin("POST", "/api/v1/admin/basic-users",
                "{\"username\":\"analyst\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"ROLE_USER\"]}");
        admin("POST", "/api/v1/admin/basic-users",
                "{\"username\":\"frank\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"ROLE_USER\",\"ROLE_FR\"]}");
        admin("POST", "/api/v1/admin/basic-users", "{\"username\":\"newbie\",\"password\":\"" + PASSWORD + "\"}");
        chromium = HeadlessChromium.start(client.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void signedOut() {
        chromium.open("/login");
        chromium.driver().manage().deleteAllCookies();
    }

    private static String admin(String method, String path, String body) {
        HttpResponse<String> response = client.as(TestClient.basic("admin", ADMIN_PASSWORD), method, path, body);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isIn(200, 201, 204);
        return response.body();
    }

    private static void signIn(String username, String password, String path) {
        chromium.open(path);
        chromium.waitFor(d -> chromium.path().startsWith("/login?returnTo=") ? Boolean.TRUE : null);
        chromium.signInWithPassword(username, password);
        chromium.waitFor(d -> chromium.path().startsWith(path.replaceFirst("\\?.*", "")) ? Boolean.TRUE : null);
        chromium.find(By.cssSelector("[data-test=username]"));
    }

    @Test
    void signingInWithBasicComesBackToTheViewAsked() {
        signIn("analyst", PASSWORD, "/ui/?cube=orders&rows=geo.region&measures=orders");
        assertThat(chromium.path()).isEqualTo("/ui/?cube=orders&rows=geo.region&measures=orders");
        assertThat(chromium.find(By.cssSelector("header.top")).getText()).contains("Signed in as analyst (basic)");
        assertThat(chromium.bodyText()).doesNotContain("Admin console");
    }

    @Test
    void theTableShowsWhatTheApiAnswers() throws Exception {
        signIn("analyst", PASSWORD, "/ui/?cube=orders&rows=geo.region&cols=time.year&measures=revenue,orders&totals=1");
        WebElement table = chromium.find(By.cssSelector("table[data-test=pivot]"));
        String query = chromium.driver().findElement(By.cssSelector("[data-test=query-json]")).getAttribute("textContent");
        JsonNode answer = JSON.readTree(client.as(TestClient.basic("analyst", PASSWORD), "POST",
                "/api/v1/cubes/orders/query", query).body());
        // Detail rows (grouping 0): region x year -> [revenue, orders]
        Map<String, List<BigDecimal>> expected = new HashMap<>();
        for (JsonNode row : answer.path("rows")) {
            if (row.get(4).asInt() == 0) {
                String region = row.get(1).isNull() ? "(none)" : row.get(1).asText(); // how the table shows a null member
                expected.put(region + "|" + row.get(0).asText(),
                        List.of(row.get(2).decimalValue(), row.get(3).decimalValue()));
            }
        }
        List<String> years = new ArrayList<>();
        for (WebElement th : table.findElements(By.cssSelector("thead tr:first-child th.colhead"))) {
            years.add(th.getText().replaceAll("\\D", ""));
        }
        int compared = 0;
        for (WebElement tr : table.findElements(By.cssSelector("tbody tr:not(.subtotal)"))) {
            String region = tr.findElement(By.cssSelector("th")).getText();
            List<WebElement> cells = tr.findElements(By.cssSelector("td"));
            for (int y = 0; y < years.size(); y++) {
                List<BigDecimal> want = expected.get(region + "|" + years.get(y));
                String revenue = cells.get(2 * y).getText();
                String orders = cells.get(2 * y + 1).getText();
                if (want == null) {
                    assertThat(revenue + orders).as(region + " " + years.get(y)).isEmpty();
                    continue;
                }
                assertThat(number(revenue)).as("revenue " + region + " " + years.get(y)).isEqualByComparingTo(
                        want.get(0).setScale(2, java.math.RoundingMode.HALF_EVEN));
                assertThat(number(orders)).as("orders " + region + " " + years.get(y)).isEqualByComparingTo(want.get(1));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(expected.size()).isGreaterThan(3);
        assertThat(table.findElement(By.cssSelector("tbody tr.subtotal th")).getText()).isEqualTo("Total");
        chromium.screenshot("explorer-table");

        chromium.find(By.xpath("//button[text()='Chart']")).click();
        chromium.find(By.cssSelector("[data-test=chart] canvas"));
        assertThat(chromium.path()).contains("show=chart");
        new Select(chromium.find(By.id("chart-kind"))).selectByValue("stacked");
        chromium.waitFor(d -> chromium.path().contains("chart=stacked") ? Boolean.TRUE : null);
        chromium.screenshot("explorer-chart");
    }

    private static BigDecimal number(String text) {
        return new BigDecimal(text.replace(",", ""));
    }

    @Test
    void theKeyboardBuildsAViewAndAPhoneWidthWindowNeedsNoSidewaysScrolling() {
        signIn("analyst", PASSWORD, "/ui/?cube=orders&measures=orders");
        chromium.find(By.cssSelector("button[aria-label='Region on rows']")).sendKeys(Keys.ENTER);
        chromium.waitFor(d -> chromium.path().contains("rows=geo.region") ? Boolean.TRUE : null);
        // The URL changes before the new answer is drawn: wait for the rows, not just for a table.
        chromium.waitFor(d -> d.findElements(By.cssSelector("table[data-test=pivot] tbody th")).size() > 1 ? Boolean.TRUE : null);
        chromium.driver().manage().window().setSize(new Dimension(390, 844));
        try {
            Object overflow = ((JavascriptExecutor) chromium.driver()).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
            assertThat(chromium.find(By.id("cube")).isDisplayed()).isTrue();
        } finally {
            chromium.driver().manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    void aRestrictedUserSeesOnlyTheirMembersAndIsTold() {
        signIn("frank", PASSWORD, "/ui/?cube=sales&rows=geo.country&measures=amount");
        WebElement table = chromium.find(By.cssSelector("table[data-test=pivot]"));
        List<String> countries = table.findElements(By.cssSelector("tbody th")).stream().map(WebElement::getText).toList();
        assertThat(countries).containsExactly("France");
        assertThat(chromium.find(By.cssSelector("[data-test=restricted]")).getText())
                .contains("A restriction is in force").contains("France");
    }

    @Test
    void anAdminGrantsARoleAndTheUsersNextPageShowsTheCube() {
        signIn("newbie", PASSWORD, "/ui/");
        assertThat(chromium.find(By.cssSelector("[data-test=missing-role]")).getText())
                .contains("newbie").contains("basic").contains("ROLE_USER").contains("Ask an administrator");
        chromium.signOut();

        signIn("admin", ADMIN_PASSWORD, "/ui/admin");
        chromium.find(By.id("grant-user")).sendKeys("newbie");
        WebElement role = chromium.find(By.id("grant-role"));
        role.clear();
        role.sendKeys("ROLE_USER");
        chromium.find(By.xpath("//button[text()='Grant role']")).click();
        assertThat(chromium.find(By.cssSelector("[data-test=action-status]")).getText()).isEqualTo("Granted ROLE_USER to newbie.");
        chromium.waitFor(d -> chromium.find(By.xpath("//table[@data-test='users']//th[text()='newbie']/.."))
                .getText().contains("ROLE_USER") ? Boolean.TRUE : null);
        chromium.screenshot("admin-console");
        chromium.signOut();

        signIn("newbie", PASSWORD, "/ui/");
        Select cubes = new Select(chromium.find(By.id("cube")));
        assertThat(cubes.getOptions().stream().map(WebElement::getText).toList()).contains("Orders");
        assertThat(chromium.bodyText()).doesNotContain("lack ROLE_USER");
    }

    /** A role mapped from the username counts in the effective roles, not in the local ones. */
    @Test
    void theUserListShowsEffectiveRolesBesideLocalOnes() {
        admin("POST", "/api/v1/admin/basic-users",
                "{\"username\":\"mira\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"ROLE_USER\"]}");
        admin("PUT", "/api/v1/admin/role-mappings/basic/mira", "[\"ROLE_AUDITOR\"]");
        assertThat(client.as(TestClient.basic("mira", PASSWORD), "GET", "/api/v1/whoami", null).statusCode()).isEqualTo(200);

        signIn("admin", ADMIN_PASSWORD, "/ui/admin");
        By row = By.xpath("//table[@data-test='users']//th[text()='mira']/..");
        WebElement mira = chromium.find(row);
        assertThat(mira.findElement(By.cssSelector("[data-test=effective-roles]")).getText())
                .contains("ROLE_AUDITOR").contains("ROLE_USER");
        assertThat(mira.findElement(By.cssSelector("[data-test=provider-roles]")).getText()).isEqualTo("none");
        assertThat(mira.getText()).containsOnlyOnce("ROLE_AUDITOR");
        chromium.screenshot("admin-users-roles");
    }

    @Test
    void anAdminRestrictsARoleWithTheMemberPickerAndPreviewsItsSql() throws Exception {
        signIn("admin", ADMIN_PASSWORD, "/ui/admin");
        chromium.find(By.id("tab-restrictions")).click();
        chromium.find(By.id("r-role")).sendKeys("ROLE_ASIA");
        new Select(chromium.find(By.id("r-cube"))).selectByValue("sales");
        chromium.waitFor(d -> new Select(chromium.find(By.id("r-level"))).getOptions().size() > 1 ? Boolean.TRUE : null);
        new Select(chromium.find(By.id("r-level"))).selectByValue("geo.continent");
        chromium.find(By.xpath("//label[normalize-space()='Asia']/input")).click();
        chromium.find(By.xpath("//button[text()='Save restriction']")).click();
        assertThat(chromium.find(By.cssSelector("[data-test=action-status]")).getText())
                .isEqualTo("Saved the restriction of ROLE_ASIA on sales.");
        assertThat(JSON.readTree(admin("GET", "/api/v1/admin/restrictions", null)).path("ROLE_ASIA").toString())
                .isEqualTo("{\"sales\":{\"geo.continent\":[\"Asia\"]}}");
        chromium.find(By.xpath("//button[text()='Preview as this role']")).click();
        assertThat(chromium.find(By.cssSelector("[data-test=explain]")).getText()).containsIgnoringCase("where");
    }

    @Test
    void aUserWithoutRoleAdminCannotOpenTheConsolePageOrApi() {
        signIn("analyst", PASSWORD, "/ui/");
        chromium.open("/ui/admin");
        chromium.waitForText("The admin console needs ROLE_ADMIN");
        assertThat(chromium.bodyText()).contains("signed in as analyst");
        assertThat(chromium.fetchInPage("GET", "/api/v1/admin/users")).startsWith("403 ");
        assertThat(chromium.fetchInPage("PUT", "/api/v1/admin/users/analyst/roles/ROLE_ADMIN")).startsWith("403 ");
    }
}
