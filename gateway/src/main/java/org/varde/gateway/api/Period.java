package org.varde.gateway.api;

import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code from} and {@code to} of the accountability endpoints: an instant ({@code 2026-12-01T08:00:00Z})
 * or a day ({@code 2026-12-01}, midnight UTC); {@code from} inclusive, {@code to} exclusive, either
 * may be left out (open).
 */
record Period(Instant from, Instant to) {
    static final Instant BEGINNING = Instant.EPOCH;
    static final Instant END = Instant.parse("9999-12-31T00:00:00Z");

    /** @throws IllegalArgumentException naming the parameter, for a 400 */
    static Period of(RoutingContext ctx) {
        Instant from = instant("from", ctx.queryParams().get("from"), BEGINNING);
        Instant to = instant("to", ctx.queryParams().get("to"), END);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        return new Period(from, to);
    }

    private static Instant instant(String name, String text, Instant dflt) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        if (text.length() > 40) {
            throw new IllegalArgumentException(name + " is too long");
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an instant (2026-12-01T08:00:00Z) or a day "
                    + "(2026-12-01), was \"" + text + "\"");
        }
    }
}
