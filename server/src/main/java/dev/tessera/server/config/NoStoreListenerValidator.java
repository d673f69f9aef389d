package dev.tessera.server.config;

import dev.tessera.server.store.EmbeddedStoreUrl;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Checks {@code database} when config.yml is read, so {@code check config.yml} and start-up both refuse it. */
public class NoStoreListenerValidator implements ConstraintValidator<NoStoreListener, DataSourceFactory> {

    @Override
    public boolean isValid(DataSourceFactory database, ConstraintValidatorContext context) {
        Optional<String> problem = database == null ? Optional.empty() : EmbeddedStoreUrl.listenerProblem(database);
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Messages are templates: escape what the interpolator would otherwise evaluate.
        String literal = problem.get().replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        context.buildConstraintViolationWithTemplate(literal).addConstraintViolation();
        return false;
    }
}
