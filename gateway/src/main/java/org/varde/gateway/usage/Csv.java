package org.varde.gateway.usage;

import java.util.List;

/** RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma, quote or line break. */
public final class Csv {
    private Csv() {
    }

    public static String line(List<?> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        return out.append("\r\n").toString();
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        // a leading = + - @ makes spreadsheets run a formula (CSV injection): quote and prefix it
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0 && !text.matches("-?[0-9.]+")) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                || text.startsWith("'")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    public static String usage(List<UsageRow> rows) {
        StringBuilder out = new StringBuilder(line(List.of("algorithm", "study_instance_uid", "generation", "job_id",
                "route", "mode", "site", "dispatched_at", "result_status", "result_at")));
        for (UsageRow r : rows) {
            out.append(line(java.util.Arrays.asList(r.algorithmId(), r.studyInstanceUid(), r.generation(), r.jobId(),
                    r.routeName(), r.mode(), r.site(), r.dispatchedAt(), r.resultStatus(), r.resultAt())));
        }
        return out.toString();
    }

    public static String invoice(List<InvoiceLine> lines) {
        StringBuilder out = new StringBuilder(line(List.of("month", "algorithm", "contract", "currency", "tier",
                "from", "up_to", "units", "introductory_units", "unit_price", "discount_percent", "amount")));
        for (InvoiceLine l : lines) {
            out.append(line(java.util.Arrays.asList(l.month(), l.algorithmId(), l.contract(), l.currency(), l.tier(),
                    l.from(), l.upTo(), l.units(), l.introductoryUnits(), l.unitPrice().toPlainString(),
                    l.discountPercent().toPlainString(), l.amount().toPlainString())));
        }
        return out.toString();
    }
}
