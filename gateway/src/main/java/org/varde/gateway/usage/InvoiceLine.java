package org.varde.gateway.usage;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One tier of one month's usage of one algorithm, priced by its contract.
 *
 * @param tier              1-based; the tier's studies are the month's {@code from..upTo}-th billable ones
 * @param upTo              null for the open last tier
 * @param introductoryUnits of {@code units}, those dispatched in the contract's introductory period
 * @param amount            units x unitPrice, the introductory ones less the discount, rounded half up to cents
 */
public record InvoiceLine(YearMonth month, String algorithmId, String contract, String currency, int tier, long from,
                          Long upTo, long units, long introductoryUnits, BigDecimal unitPrice,
                          BigDecimal discountPercent, BigDecimal amount) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("month", month.toString())
                .put("algorithm", algorithmId)
                .put("contract", contract)
                .put("currency", currency)
                .put("tier", tier)
                .put("from", from)
                .put("upTo", upTo)
                .put("units", units)
                .put("introductoryUnits", introductoryUnits)
                .put("unitPrice", unitPrice.toPlainString())
                .put("discountPercent", discountPercent.toPlainString())
                .put("amount", amount.toPlainString());
    }
}
