package dev.tessera.server;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds fields of config classes that hold another config object without {@code @Valid}: Hibernate Validator
 * does not look inside such an object, so its own constraints ({@code @Min(1) maxRows}) never run. A config type is
 * one of ours ({@code dev.tessera.*}, not an enum) or any type that carries constraints of its own (Dropwizard's
 * {@code DataSourceFactory}) or is chosen by {@code type:} ({@code @JsonTypeInfo}). The walk goes into our types and
 * into the implementations listed for them in {@code META-INF/services} (backend factories).
 */
final class ValidCascade {

    private final Set<Class<?>> seen = new HashSet<>();
    private final Set<String> missing = new LinkedHashSet<>();

    private ValidCascade() {
    }

    /** {@code Owner.field} for each field that holds a config object but does not cascade to it. */
    static List<String> fieldsMissingValid(Class<?> root) {
        ValidCascade walk = new ValidCascade();
        walk.visit(root);
        return List.copyOf(walk.missing);
    }

    private void visit(Class<?> type) {
        if (!seen.add(type)) {
            return;
        }
        // Our classes only: Dropwizard's own Configuration and factories are Dropwizard's to get right.
        for (Class<?> c = type; c != null && isOurs(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    check(c, field);
                }
            }
        }
    }

    private void check(Class<?> owner, Field field) {
        for (Class<?> held : heldTypes(field.getAnnotatedType())) {
            if (!isConfigType(held)) {
                continue;
            }
            if (!field.isAnnotationPresent(Valid.class) && !cascades(field.getAnnotatedType())) {
                missing.add(owner.getSimpleName() + "." + field.getName());
            }
            if (isOurs(held)) {
                visit(held);
                implementations(held).forEach(this::visit);
            }
        }
    }

    /** The field's class, or the element classes of a list, map, optional or array, however deep. */
    private static List<Class<?>> heldTypes(AnnotatedType type) {
        if (type instanceof AnnotatedParameterizedType p) {
            return Arrays.stream(p.getAnnotatedActualTypeArguments()).flatMap(a -> heldTypes(a).stream()).toList();
        }
        if (type instanceof AnnotatedArrayType a) {
            return heldTypes(a.getAnnotatedGenericComponentType());
        }
        return type.getType() instanceof Class<?> c ? List.of(c) : List.of();
    }

    /** {@code @Valid} on the field, or on the container element ({@code List<@Valid T>}). */
    private static boolean cascades(AnnotatedType type) {
        if (type.isAnnotationPresent(Valid.class)) {
            return true;
        }
        if (type instanceof AnnotatedParameterizedType p) {
            return Arrays.stream(p.getAnnotatedActualTypeArguments()).allMatch(ValidCascade::cascadesOrPlain);
        }
        return false;
    }

    private static boolean cascadesOrPlain(AnnotatedType argument) {
        boolean plain = heldTypes(argument).stream().noneMatch(ValidCascade::isConfigType);
        return plain || cascades(argument);
    }

    static boolean isConfigType(Class<?> type) {
        if (type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.")) {
            return false;
        }
        return isOurs(type) || type.isAnnotationPresent(JsonTypeInfo.class) || hasConstraints(type);
    }

    private static boolean isOurs(Class<?> type) {
        return type.getName().startsWith("dev.tessera.") && !type.isEnum();
    }

    private static boolean hasConstraints(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Stream<AnnotatedElement> members = Stream.concat(Arrays.stream(c.getDeclaredFields()),
                    Arrays.stream(c.getDeclaredMethods()));
            if (members.anyMatch(m -> Arrays.stream(m.getAnnotations()).anyMatch(ValidCascade::isConstraint))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConstraint(Annotation a) {
        Class<? extends Annotation> kind = a.annotationType();
        return kind == Valid.class || kind == ValidationMethod.class || kind.isAnnotationPresent(Constraint.class);
    }

    /** The classes {@code META-INF/services} lists for an interface or abstract type: how Dropwizard finds them. */
    private static List<Class<?>> implementations(Class<?> type) {
        if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
            return List.of();
        }
        List<Class<?>> found = new ArrayList<>();
        try {
            for (URL url : Collections.list(type.getClassLoader().getResources("META-INF/services/" + type.getName()))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    for (String line : in.lines().map(l -> l.replaceFirst("#.*", "").trim()).filter(l -> !l.isEmpty()).toList()) {
                        found.add(Class.forName(line, false, type.getClassLoader()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("META-INF/services names a class that is not there: " + e.getMessage(), e);
        }
        return found;
    }
}
