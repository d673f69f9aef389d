package dev.tessera.server.config;

import dev.tessera.cube.EngineNames;
import dev.tessera.server.TesseraConfiguration;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.ArrayList;
import java.util.List;

/** Checks {@link KnownEngines}: one engine block, and a known engine for every cube. */
public class KnownEnginesValidator implements ConstraintValidator<KnownEngines, TesseraConfiguration> {

    @Override
    public boolean isValid(TesseraConfiguration config, ConstraintValidatorContext context) {
        if (config == null || config.getCubes() == null) {
            return true;
        }
        List<String> problems = new ArrayList<>();
        if (config.hasBothEngineBlocks()) {
            problems.add("engine: and engines: are both set; keep one: engine: is the embedded DuckDB alone (the engine "
                    + "named 'default'), engines: names each engine (e.g. default: {type: duckdb, ...} and "
                    + "warehouse: {type: trino, ...})");
        } else {
            problems.addAll(EngineNames.problems(config.getCubes(), config.getEngines().keySet()));
        }
        if (problems.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (String problem : problems) {
            String literal = problem.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
            context.buildConstraintViolationWithTemplate(literal).addConstraintViolation();
        }
        return false;
    }
}
