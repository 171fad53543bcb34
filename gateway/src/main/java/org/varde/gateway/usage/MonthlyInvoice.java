package org.varde.gateway.usage;

import org.varde.gateway.routing.Contract;
import org.varde.gateway.routing.ContractTier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A month of one algorithm's usage priced by its contract. Tiers are graduated: the month's billable
 * studies are numbered in dispatch order, and the n-th costs the price of the tier holding n (the
 * first 1000 at the first tier's price, the next at the second's, ...), the usual reading of a
 * volume-tier tender; the introductory discount applies to the studies dispatched in its period.
 * Billable: every study the vendor acknowledged, except those it never answered unless the contract
 * says {@code chargeWithoutResult}. Money in {@link BigDecimal}, rounded half up to cents per line.
 */
public final class MonthlyInvoice {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private MonthlyInvoice() {
    }

    public static boolean billable(UsageRow row, Contract contract) {
        return row.resultStatus() != UsageStatus.NO_RESULT || contract.chargeWithoutResult();
    }

    /** @param rows the algorithm's usage dispatched in {@code month} (UTC); others are ignored */
    public static List<InvoiceLine> lines(String algorithmId, Contract contract, YearMonth month, List<UsageRow> rows) {
        List<UsageRow> billable = rows.stream()
                .filter(r -> r.algorithmId().equals(algorithmId))
                .filter(r -> YearMonth.from(r.dispatchedAt().atZone(ZoneOffset.UTC)).equals(month))
                .filter(r -> billable(r, contract))
                .sorted(Comparator.comparing(UsageRow::dispatchedAt).thenComparing(UsageRow::studyInstanceUid))
                .toList();
        List<InvoiceLine> lines = new ArrayList<>();
        for (int t = 0; t < contract.tiers().size(); t++) {
            ContractTier tier = contract.tiers().get(t);
            long units = tier.unitsOf(billable.size());
            long introductory = 0;
            for (long n = tier.from(); n < tier.from() + units; n++) {
                LocalDate day = billable.get((int) (n - 1)).dispatchedAt().atZone(ZoneOffset.UTC).toLocalDate();
                if (contract.introductory(day)) {
                    introductory++;
                }
            }
            lines.add(new InvoiceLine(month, algorithmId, contract.reference(), contract.currency(), t + 1,
                    tier.from(), tier.open() ? null : tier.upTo(), units, introductory, tier.price(),
                    contract.introductoryDiscountPercent(), amount(tier.price(), units, introductory,
                    contract.introductoryDiscountPercent())));
        }
        return lines;
    }

    static BigDecimal amount(BigDecimal price, long units, long introductory, BigDecimal discountPercent) {
        BigDecimal full = price.multiply(BigDecimal.valueOf(units - introductory));
        BigDecimal reduced = price.multiply(BigDecimal.valueOf(introductory))
                .multiply(HUNDRED.subtract(discountPercent)).divide(HUNDRED);
        return full.add(reduced).setScale(2, RoundingMode.HALF_UP);
    }

    /** The sum of the lines' amounts. */
    public static BigDecimal total(List<InvoiceLine> lines) {
        return lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
