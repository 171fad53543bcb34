package org.varde.gateway.usage;

import org.junit.jupiter.api.Test;
import org.varde.gateway.routing.Contract;
import org.varde.gateway.routing.ContractTier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tier arithmetic at its boundaries, with known amounts: graduated tiers (the n-th study of a
 * month costs its tier's price), the introductory discount by dispatch day, what is billable, and
 * rounding to cents.
 */
class MonthlyInvoiceTest {
    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final Contract TIERED = new Contract("C-1", "NOK", List.of(
            new ContractTier(1, 1000, new BigDecimal("10.00")),
            new ContractTier(1001, 5000, new BigDecimal("8.00")),
            new ContractTier(5001, Long.MAX_VALUE, new BigDecimal("5.00"))), null, BigDecimal.ZERO, false);

    /** {@code n} studies of lung-nodules dispatched a minute apart from 1 Jan 00:00 UTC. */
    private static List<UsageRow> rows(int n, UsageStatus status) {
        List<UsageRow> rows = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            rows.add(new UsageRow("lung-nodules", "1.2." + i, 1, "job-" + i, "r", "CLINICAL", "nordby",
                    start.plusSeconds(60L * i), status, null));
        }
        return rows;
    }

    private static List<String> amounts(List<InvoiceLine> lines) {
        return lines.stream().map(l -> l.units() + "x" + l.unitPrice() + "=" + l.amount()).toList();
    }

    @Test
    void tiersAtTheirBoundaries() {
        assertEquals(List.of("0x10.00=0.00", "0x8.00=0.00", "0x5.00=0.00"),
                amounts(MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows(0, UsageStatus.RECEIVED))));
        assertEquals(List.of("1x10.00=10.00", "0x8.00=0.00", "0x5.00=0.00"),
                amounts(MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows(1, UsageStatus.RECEIVED))));
        assertEquals(List.of("1000x10.00=10000.00", "0x8.00=0.00", "0x5.00=0.00"),
                amounts(MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows(1000, UsageStatus.RECEIVED))));
        assertEquals(List.of("1000x10.00=10000.00", "1x8.00=8.00", "0x5.00=0.00"),
                amounts(MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows(1001, UsageStatus.RECEIVED))));
        assertEquals(List.of("1000x10.00=10000.00", "4000x8.00=32000.00", "0x5.00=0.00"),
                amounts(MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows(5000, UsageStatus.RECEIVED))));
        List<InvoiceLine> over = MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows(5001, UsageStatus.RECEIVED));
        assertEquals(List.of("1000x10.00=10000.00", "4000x8.00=32000.00", "1x5.00=5.00"), amounts(over));
        assertEquals(new BigDecimal("42005.00"), MonthlyInvoice.total(over));
        assertEquals(5001L, over.get(2).from());
        assertEquals(null, over.get(2).upTo());
    }

    @Test
    void theIntroductoryDiscountAppliesByDispatchDayInclusive() {
        // 1500 studies a minute apart: 1 Jan 00:00 .. 2 Jan 00:59; the period ends on 1 Jan (inclusive)
        Contract intro = new Contract("C-2", "EUR", TIERED.tiers(), LocalDate.parse("2026-01-01"),
                new BigDecimal("25"), false);
        List<InvoiceLine> lines = MonthlyInvoice.lines("lung-nodules", intro, JAN, rows(1500, UsageStatus.RECEIVED));
        // the first 1440 (all of 1 Jan) are introductory: 1000 in tier 1, 440 in tier 2
        assertEquals(1000, lines.get(0).introductoryUnits());
        assertEquals(new BigDecimal("7500.00"), lines.get(0).amount(), "1000 x 10.00 x 75%");
        assertEquals(500, lines.get(1).units());
        assertEquals(440, lines.get(1).introductoryUnits());
        assertEquals(new BigDecimal("3120.00"), lines.get(1).amount(), "440 x 8.00 x 75% + 60 x 8.00");
    }

    @Test
    void unansweredStudiesAreNotBilledUnlessTheContractSaysSoAndOtherMonthsAreLeftOut() {
        List<UsageRow> rows = new ArrayList<>(rows(3, UsageStatus.RECEIVED));
        rows.addAll(rows(2, UsageStatus.NO_RESULT).stream().map(r -> new UsageRow(r.algorithmId(), "9." + r.studyInstanceUid(),
                1, r.jobId(), r.routeName(), r.mode(), r.site(), r.dispatchedAt(), r.resultStatus(), null)).toList());
        rows.add(new UsageRow("lung-nodules", "2.1", 1, "j", "r", "SHADOW", "s", Instant.parse("2026-02-01T00:00:00Z"),
                UsageStatus.RECEIVED, null));
        rows.add(new UsageRow("other", "2.2", 1, "j", "r", "CLINICAL", "s", Instant.parse("2026-01-05T00:00:00Z"),
                UsageStatus.RECEIVED, null));
        assertEquals(3, MonthlyInvoice.lines("lung-nodules", TIERED, JAN, rows).get(0).units());
        Contract charging = new Contract("C-3", "NOK", TIERED.tiers(), null, BigDecimal.ZERO, true);
        assertEquals(5, MonthlyInvoice.lines("lung-nodules", charging, JAN, rows).get(0).units());
    }

    @Test
    void amountsAreRoundedHalfUpToCents() {
        assertEquals(new BigDecimal("0.19"), MonthlyInvoice.amount(new BigDecimal("0.125"), 3, 3, new BigDecimal("50")),
                "3 x 0.125 x 50% = 0.1875");
        assertEquals(new BigDecimal("0.38"), MonthlyInvoice.amount(new BigDecimal("0.125"), 3, 0, BigDecimal.ZERO),
                "0.375 rounds half up");
    }

    @Test
    void csvQuotesAndDefusesFormulas() {
        assertEquals("a,\"b,c\",\"\"\"q\"\"\",\"'=SUM(A1)\",-12.5,\r\n",
                Csv.line(java.util.Arrays.asList("a", "b,c", "\"q\"", "=SUM(A1)", "-12.5", null)));
    }
}
