package dev.tessera.cube.model;

import java.math.BigDecimal;
import java.util.Set;

/** A formula measure's expression tree: measure references, numbers and {@code + - * /}. */
public sealed interface Formula {

    record Ref(String measure) implements Formula {
    }

    record Num(BigDecimal value) implements Formula {
    }

    record Negate(Formula operand) implements Formula {
    }

    record Binary(char op, Formula left, Formula right) implements Formula {
    }

    static void collectRefs(Formula f, Set<String> into) {
        if (f instanceof Ref r) {
            into.add(r.measure());
        } else if (f instanceof Negate n) {
            collectRefs(n.operand(), into);
        } else if (f instanceof Binary b) {
            collectRefs(b.left(), into);
            collectRefs(b.right(), into);
        }
    }
}
