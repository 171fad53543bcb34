package org.varde.gateway.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.varde.gateway.access.Role;
import org.varde.gateway.routing.Algorithm;
import org.varde.gateway.routing.RoutingConfig;
import org.varde.gateway.usage.Csv;
import org.varde.gateway.usage.InvoiceLine;
import org.varde.gateway.usage.MonthlyInvoice;
import org.varde.gateway.usage.UsageLedger;
import org.varde.gateway.usage.UsageRow;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /api/usage?from=&to=&algorithm=&site=&format=json|csv}: the usage ledger's rows;
 * {@code GET /api/usage/invoice?month=YYYY-MM&algorithm=&format=json|csv}: that month priced per
 * algorithm by its catalogue contract, one line per tier, so a vendor's invoice can be checked.
 * Study UIDs and counts, no patient identity: a viewer may read them.
 */
final class UsageApi {
    private final Vertx vertx;
    private final UsageLedger ledger;
    private final Supplier<RoutingConfig> routing;

    UsageApi(Vertx vertx, UsageLedger ledger, Supplier<RoutingConfig> routing) {
        this.vertx = vertx;
        this.ledger = ledger;
        this.routing = routing;
    }

    void mount(ApiRoutes routes) {
        routes.get("/api/usage", Role.VIEWER, this::rows);
        routes.get("/api/usage/invoice", Role.VIEWER, this::invoice);
    }

    private void rows(RoutingContext ctx) {
        Period period;
        boolean csv;
        try {
            period = Period.of(ctx);
            csv = csv(ctx);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        String algorithm = ctx.queryParams().get("algorithm");
        String site = ctx.queryParams().get("site");
        vertx.executeBlocking(() -> ledger.between(period.from(), period.to(), algorithm, site), false)
                .onComplete(found -> {
                    if (found.failed()) {
                        Responses.fail(ctx, found.cause());
                    } else if (csv) {
                        csvAnswer(ctx, "usage.csv", Csv.usage(found.result()));
                    } else {
                        JsonArray list = new JsonArray();
                        found.result().forEach(r -> list.add(r.toJson()));
                        Responses.json(ctx, list.encode());
                    }
                });
    }

    private void invoice(RoutingContext ctx) {
        YearMonth month;
        boolean csv;
        try {
            month = month(ctx.queryParams().get("month"));
            csv = csv(ctx);
        } catch (IllegalArgumentException e) {
            Responses.error(ctx, 400, e.getMessage());
            return;
        }
        String only = ctx.queryParams().get("algorithm");
        RoutingConfig config = routing.get();
        List<Algorithm> priced = config.catalogue().algorithms().stream()
                .filter(a -> a.contract().priced() && (only == null || a.id().equals(only))).toList();
        if (only != null && priced.isEmpty()) {
            Responses.error(ctx, 404, "no algorithm \"" + only + "\" with a contract: block in the catalogue");
            return;
        }
        vertx.executeBlocking(() -> ledger.between(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), only, null), false)
                .onComplete(found -> {
                    if (found.failed()) {
                        Responses.fail(ctx, found.cause());
                        return;
                    }
                    List<UsageRow> rows = found.result();
                    List<InvoiceLine> lines = new ArrayList<>();
                    JsonArray algorithms = new JsonArray();
                    for (Algorithm a : priced) {
                        List<InvoiceLine> mine = MonthlyInvoice.lines(a.id(), a.contract(), month, rows);
                        lines.addAll(mine);
                        algorithms.add(new JsonObject().put("algorithm", a.id())
                                .put("contract", a.contract().reference()).put("currency", a.contract().currency())
                                .put("total", MonthlyInvoice.total(mine).toPlainString())
                                .put("lines", new JsonArray(mine.stream().map(InvoiceLine::toJson).toList())));
                    }
                    if (csv) {
                        csvAnswer(ctx, "invoice-" + month + ".csv", Csv.invoice(lines));
                    } else {
                        Responses.json(ctx, new JsonObject().put("month", month.toString())
                                .put("algorithms", algorithms).encode());
                    }
                });
    }

    private static boolean csv(RoutingContext ctx) {
        String format = ctx.queryParams().get("format");
        if (format == null || format.equals("json")) {
            return false;
        }
        if (format.equals("csv")) {
            return true;
        }
        throw new IllegalArgumentException("format must be json or csv, was \"" + format + "\"");
    }

    private static YearMonth month(String text) {
        if (text == null) {
            throw new IllegalArgumentException("month is required (YYYY-MM)");
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month must be YYYY-MM, was \"" + (text.length() > 20
                    ? text.substring(0, 20) : text) + "\"");
        }
    }

    private static void csvAnswer(RoutingContext ctx, String fileName, String body) {
        // the file name is ours (fixed words and a parsed month), never the caller's text
        ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"").end(body);
    }
}
