package dev.tessera.server.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The cube definitions are consistent (names, references, formulas); each problem is reported on its own. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CubesValidator.class)
public @interface ValidCubes {
    String message() default "invalid cube definitions";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
