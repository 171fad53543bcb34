package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the hospital pays the vendor for an algorithm (the catalogue's {@code contract:} block):
 * graduated volume tiers per calendar month (UTC), each with its price per study, and an
 * introductory period whose studies get a discount. The usage ledger prices each month with it
 * ({@code usage.MonthlyInvoice}) so a vendor's invoice can be checked line by line.
 *
 * @param introductoryUntil   studies dispatched on or before this day (UTC) get the discount; null: none
 * @param chargeWithoutResult whether a study the vendor acknowledged but never answered is billed
 */
public record Contract(String reference, String currency, List<ContractTier> tiers, LocalDate introductoryUntil,
                       BigDecimal introductoryDiscountPercent, boolean chargeWithoutResult) {

    /** An algorithm without a contract block: usage is counted, no amount is computed. */
    public static final Contract NONE = new Contract(null, null, List.of(), null, BigDecimal.ZERO, false);

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Contract {
        tiers = List.copyOf(tiers);
    }

    public boolean priced() {
        return !tiers.isEmpty();
    }

    static Contract read(YamlMapping yaml) throws RoutingConfigException {
        String reference = yaml.requiredText("reference");
        if (reference.length() > 64) {
            throw yaml.problem("reference", "must be at most 64 characters");
        }
        String currency = yaml.requiredText("currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw yaml.problem("currency", "must be an ISO 4217 code such as NOK, EUR, SEK, was \"" + currency + "\"");
        }
        List<ContractTier> tiers = tiers(yaml);
        LocalDate until = null;
        BigDecimal discount = BigDecimal.ZERO;
        if (yaml.has("introductory")) {
            YamlMapping intro = yaml.mapping("introductory");
            try {
                until = LocalDate.parse(intro.requiredText("until"));
            } catch (DateTimeParseException e) {
                throw intro.problem("until", "must be a day (2026-03-31)");
            }
            discount = decimal(intro, "discountPercent", intro.raw("discountPercent"));
            if (discount.compareTo(HUNDRED) > 0) {
                throw intro.problem("discountPercent", "must be 0..100");
            }
            intro.refuseUnknownKeys();
        }
        boolean chargeWithoutResult = yaml.bool("chargeWithoutResult", false);
        yaml.refuseUnknownKeys();
        return new Contract(reference, currency, tiers, until, discount, chargeWithoutResult);
    }

    /** Tiers in order, each but the last with an {@code upTo} above the one before; the last open. */
    private static List<ContractTier> tiers(YamlMapping yaml) throws RoutingConfigException {
        List<JsonNode> items = yaml.list("tiers");
        List<ContractTier> tiers = new ArrayList<>();
        long from = 1;
        for (int i = 0; i < items.size(); i++) {
            YamlMapping tier = YamlMapping.of(yaml.keyPath("tiers") + "[" + i + "]", items.get(i));
            boolean last = i == items.size() - 1;
            JsonNode upToNode = tier.raw("upTo");
            long upTo;
            if (last) {
                if (upToNode != null) {
                    throw tier.problem("upTo", "the last tier is open (no upTo): every study beyond the others falls in it");
                }
                upTo = Long.MAX_VALUE;
            } else {
                if (upToNode == null || !upToNode.isIntegralNumber() || !upToNode.canConvertToLong()) {
                    throw tier.problem("upTo", "must be a whole number of studies per month");
                }
                upTo = upToNode.asLong();
                if (upTo < from) {
                    throw tier.problem("upTo", "must be at least " + from + " (above the tier before), was " + upTo);
                }
            }
            BigDecimal price = decimal(tier, "price", tier.raw("price"));
            // shown as money: at least cents, whatever YAML made of 12.50
            price = price.setScale(Math.max(2, price.stripTrailingZeros().scale()));
            tier.refuseUnknownKeys();
            tiers.add(new ContractTier(from, upTo, price));
            from = upTo == Long.MAX_VALUE ? upTo : upTo + 1;
        }
        return tiers;
    }

    /** A non-negative amount with at most 4 decimals, from a number or a quoted number (money is never a double). */
    private static BigDecimal decimal(YamlMapping yaml, String key, JsonNode node) throws RoutingConfigException {
        if (node == null) {
            throw yaml.problem(key, "is required");
        }
        BigDecimal value;
        try {
            value = node.isNumber() ? new BigDecimal(node.asText()) : new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            throw yaml.problem(key, "must be a number, was \"" + node.asText() + "\"");
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 4 || value.precision() > 18) {
            throw yaml.problem(key, "must be a non-negative amount with at most 4 decimals, was " + node.asText());
        }
        return value;
    }

    /** Whether a study dispatched on {@code day} (UTC) is in the introductory period. */
    public boolean introductory(LocalDate day) {
        return introductoryUntil != null && !day.isAfter(introductoryUntil);
    }
}
