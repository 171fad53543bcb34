package org.varde.testdata;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of synthetic study the generator can write, with the names the command line uses. */
public enum StudyKind {
    CT_THORAX("ct-thorax"),
    /** CT pulmonary angiography: the CT thorax's chest, described and reconstructed as a CTPA. */
    CTPA("ctpa"),
    CXR("cxr"),
    MR_HEAD("mr-head"),
    WRIST("wrist");

    private final String cliName;

    StudyKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line, e.g. {@code ct-thorax}. */
    public String cliName() {
        return cliName;
    }

    /** Resolves a command-line name (case-insensitive); an unknown name lists the valid ones. */
    public static StudyKind fromCliName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (StudyKind kind : values()) {
            if (kind.cliName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown study kind '" + name + "'; valid kinds: " + validNames());
    }

    private static String validNames() {
        return Arrays.stream(values()).map(StudyKind::cliName).collect(Collectors.joining(", "));
    }
}
