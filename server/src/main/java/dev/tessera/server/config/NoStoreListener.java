package dev.tessera.server.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The embedded role store opens no network port (H2's {@code AUTO_SERVER}): such a config is refused, not
 * warned about, because a warning in a log nobody reads would leave the port open to every local user.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoStoreListenerValidator.class)
public @interface NoStoreListener {
    String message() default "the embedded role store must not listen on the network";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
