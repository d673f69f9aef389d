package dev.tessera.server.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * {@code engine:} and {@code engines:} are not both set, and every cube runs on an engine that exists; each problem
 * names the cube and the engines there are, so {@code check config.yml} catches a misspelt engine.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownEnginesValidator.class)
public @interface KnownEngines {
    String message() default "invalid engines";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
