package org.varde.dicom.net.pdu;

import java.util.List;

/**
 * PS3.8 9.3.2.2 / 9.3.3.2: a presentation context item. Offered: an abstract syntax with transfer
 * syntaxes, result unused. Answered: a result and the one transfer syntax chosen, no abstract syntax.
 */
public record PresentationContext(int id, int result, String abstractSyntaxOrNull, List<String> transferSyntaxes) {
    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public static PresentationContext offer(int id, String abstractSyntax, List<String> transferSyntaxes) {
        return new PresentationContext(id, 0, abstractSyntax, transferSyntaxes);
    }

    public static PresentationContext answer(int id, int result, String transferSyntax) {
        return new PresentationContext(id, result, null, List.of(transferSyntax));
    }

    public boolean isAccepted() {
        return result == ACCEPTANCE;
    }

    public String transferSyntax() {
        return transferSyntaxes.isEmpty() ? "" : transferSyntaxes.get(0);
    }
}
