package dev.tessera.cube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tessera.cube.query.CubeQuery;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** A typo in a query is refused even by a mapper that ignores unknown properties, as Dropwizard's does. */
class CubeQueryJsonTest {

    private final ObjectMapper lenient = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void knownKeysStillRead() throws Exception {
        CubeQuery q = lenient.readValue("{\"measures\":[\"m\"],\"totals\":{\"grand\":true},"
                + "\"order\":[{\"by\":\"m\",\"dir\":\"desc\"}],\"limit\":3}", CubeQuery.class);
        assertThat(q.totals().grand()).isTrue();
        assertThat(q.order().get(0).dir()).isEqualTo("desc");
        assertThat(q.limit()).isEqualTo(3);
    }

    @Test
    void filtersReadWhenTheMapperRefusesTrailingTokensAsTheServersDoes() throws Exception {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        CubeQuery q = strict.readValue("{\"filters\":{\"level\":\"t.y\",\"op\":\"gt\",\"value\":1.25},"
                + "\"having\":[{\"measure\":\"m\",\"op\":\"lt\",\"value\":12345678901234567890.25}],\"measures\":[\"m\"]}",
                CubeQuery.class);
        assertThat(q.filters().get("value").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(q.having().get(0).get("value").decimalValue()).isEqualByComparingTo("12345678901234567890.25");
        assertThat(q.measures()).containsExactly("m");
        assertThatThrownBy(() -> strict.readValue("{\"measures\":[\"m\"]} {}", CubeQuery.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("Trailing token");
    }

    @Test
    void unknownKeysAnywhereAreRefusedByName() {
        assertThatThrownBy(() -> lenient.readValue("{\"measures\":[\"m\"],\"filter\":{}}", CubeQuery.class))
                .isInstanceOf(JsonMappingException.class).hasRootCauseInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("'filter'").hasMessageContaining("filters");
        assertThatThrownBy(() -> lenient.readValue("{\"measures\":[\"m\"],\"order\":[{\"by\":\"m\",\"direction\":\"desc\"}]}",
                CubeQuery.class)).isInstanceOf(JsonMappingException.class).hasRootCauseInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("'direction'");
        assertThatThrownBy(() -> lenient.readValue("{\"measures\":[\"m\"],\"totals\":{\"subtotal\":[\"a\"]}}", CubeQuery.class))
                .isInstanceOf(JsonMappingException.class).hasRootCauseInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("'subtotal'");
    }

    @Test
    void numbersInFiltersAndHavingAreReadAsWritten() throws Exception {
        String body = "{\"filters\":{\"level\":\"l\",\"op\":\"gt\",\"value\":12345678901234567.25},"
                + "\"having\":[{\"measure\":\"m\",\"op\":\"lt\",\"value\":1E+18}]}";
        // through a mapper (as in tests and tools) and through a reader (as Jersey's JSON provider reads bodies)
        for (CubeQuery q : new CubeQuery[] {lenient.readValue(body, CubeQuery.class),
                lenient.readerFor(CubeQuery.class).readValue(body)}) {
            assertThat(q.filters().get("value").decimalValue()).isEqualByComparingTo(new BigDecimal("12345678901234567.25"));
            assertThat(q.having().get(0).get("value").decimalValue()).isEqualByComparingTo(new BigDecimal("1E+18"));
        }
        assertThat(lenient.readValue("{\"filters\":null}", CubeQuery.class).filters().isNull()).isTrue();
        assertThat(lenient.readValue("{}", CubeQuery.class).filters()).isNull();
    }
}
