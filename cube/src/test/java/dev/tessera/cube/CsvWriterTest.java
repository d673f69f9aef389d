package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    private static String row(Object... values) throws Exception {
        StringWriter out = new StringWriter();
        new CsvWriter(out).row(values);
        return out.toString();
    }

    @Test
    void quotesWhatRfc4180Needs() throws Exception {
        assertThat(row("a,b", "say \"hi\"", "two\nlines", null, "plain")).isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,plain\r\n");
    }

    @Test
    void textThatASpreadsheetWouldRunIsDefused() throws Exception {
        assertThat(row("=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "\tx", "safe"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\",'+1,'-2,'@SUM(A1),'\tx,safe\r\n");
    }

    @Test
    void numbersAreNeverTouched() throws Exception {
        assertThat(row(-5, new BigDecimal("-1.50"), -2.5d)).isEqualTo("-5,-1.50,-2.5\r\n");
    }
}
