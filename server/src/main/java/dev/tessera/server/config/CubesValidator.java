package dev.tessera.server.config;

import dev.tessera.cube.model.CubeCompiler;
import dev.tessera.cube.model.CubeDefinition;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;

/** Runs the cube model's own checks when config.yml is validated, so {@code check config.yml} catches them. */
public class CubesValidator implements ConstraintValidator<ValidCubes, List<CubeDefinition>> {

    @Override
    public boolean isValid(List<CubeDefinition> cubes, ConstraintValidatorContext context) {
        if (cubes == null) {
            return true;
        }
        List<String> problems = CubeCompiler.validate(cubes);
        if (problems.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        for (String problem : problems) {
            // Messages are templates: escape what the interpolator would otherwise evaluate.
            String literal = problem.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
            context.buildConstraintViolationWithTemplate(literal).addConstraintViolation();
        }
        return false;
    }
}
