package org.varde.gateway.routing;

import java.util.ArrayList;
import java.util.List;

/** Collects the reasons of one decision, stage by stage, in the order the checks ran. */
public final class Explanation {
    private final List<Reason> reasons = new ArrayList<>();
    private Reason.Stage stage = Reason.Stage.MATCH;

    public void stage(Reason.Stage next) {
        stage = next;
    }

    /** Records one check and hands its result back, so a check reads {@code return explanation.add(...)}. */
    public boolean add(Facts facts, String check, boolean passed, String actual) {
        reasons.add(new Reason(stage, facts.scope(), check, passed, actual));
        return passed;
    }

    /** What the most recent check saw; a combinator's own check is always recorded after its children. */
    String lastActual() {
        return reasons.isEmpty() ? "" : reasons.get(reasons.size() - 1).actual();
    }

    public List<Reason> reasons() {
        return List.copyOf(reasons);
    }
}
