package dev.tessera.server.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource method anyone may call without signing in (the login pages). Every other method needs a signed-in
 * caller and says which roles with {@code @RolesAllowed}, or {@code @PermitAll} for any signed-in caller; a method
 * that says nothing is denied ({@link AccessFeature}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Public {}
