package dev.tessera.cube.model;

import java.math.BigDecimal;

/** Parses {@code revenue / (quantity + 1)}: identifiers, numbers, + - * / and parentheses. */
final class FormulaParser {
    private final String text;
    private int pos;

    private FormulaParser(String text) {
        this.text = text;
    }

    static Formula parse(String text) {
        FormulaParser p = new FormulaParser(text);
        Formula f = p.sum();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "'");
        }
        return f;
    }

    private Formula sum() {
        Formula left = product();
        while (true) {
            skipSpace();
            if (peek('+') || peek('-')) {
                char op = text.charAt(pos++);
                left = new Formula.Binary(op, left, product());
            } else {
                return left;
            }
        }
    }

    private Formula product() {
        Formula left = unary();
        while (true) {
            skipSpace();
            if (peek('*') || peek('/')) {
                char op = text.charAt(pos++);
                left = new Formula.Binary(op, left, unary());
            } else {
                return left;
            }
        }
    }

    private Formula unary() {
        skipSpace();
        if (peek('-')) {
            pos++;
            return new Formula.Negate(unary());
        }
        if (peek('(')) {
            pos++;
            Formula inner = sum();
            skipSpace();
            if (!peek(')')) {
                throw error("missing ')'");
            }
            pos++;
            return inner;
        }
        int start = pos;
        if (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            try {
                return new Formula.Num(new BigDecimal(text.substring(start, pos)));
            } catch (NumberFormatException e) {
                throw error("bad number '" + text.substring(start, pos) + "'");
            }
        }
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return new Formula.Ref(text.substring(start, pos));
        }
        throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end");
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + (pos + 1));
    }
}
