package dev.tessera.auth.kerberos;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One principal-to-username rewrite, in the spirit of Hadoop's {@code auth_to_local}: a regular expression matched
 * against the whole principal ({@code alice/admin@EXAMPLE.ORG}) and a replacement with {@code $1}-style groups.
 */
public class RewriteRule {

    @NotNull
    private String pattern;

    @NotNull
    private String replacement;

    private volatile @Nullable Pattern compiled;

    public RewriteRule() {}

    public RewriteRule(String pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
    }

    @JsonProperty
    public String getPattern() {
        return pattern;
    }

    @JsonProperty
    public void setPattern(String pattern) {
        this.pattern = pattern;
        this.compiled = null;
    }

    @JsonProperty
    public String getReplacement() {
        return replacement;
    }

    @JsonProperty
    public void setReplacement(String replacement) {
        this.replacement = replacement;
    }

    @ValidationMethod(message = "pattern must be a valid Java regular expression, and replacement may only refer "
            + "to groups the pattern has")
    public boolean isValid() {
        if (pattern == null || replacement == null) {
            return true; // @NotNull reports these
        }
        try {
            return referencesExistingGroups(compiled().matcher("").groupCount());
        } catch (IllegalArgumentException e) { // PatternSyntaxException is one
            return false;
        }
    }

    // Matcher only checks "$n" when a replacement is applied, so an unmatched rule would hide a typo until then.
    private boolean referencesExistingGroups(int groupCount) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '$') {
                if (i + 1 >= replacement.length()) {
                    return false;
                }
                char next = replacement.charAt(i + 1);
                if (next == '{') {
                    int end = replacement.indexOf('}', i);
                    if (end < 0 || !pattern.contains("(?<" + replacement.substring(i + 2, end) + ">")) {
                        return false;
                    }
                } else if (!Character.isDigit(next) || next - '0' > groupCount) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The rewritten name when the pattern matches the whole principal. */
    Optional<String> apply(String principal) {
        Matcher matcher = compiled().matcher(principal);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(matcher.replaceFirst(replacement));
    }

    private Pattern compiled() {
        Pattern result = compiled;
        if (result == null) {
            result = Pattern.compile(pattern);
            compiled = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return pattern + " -> " + replacement;
    }
}
