package org.varde.connectors.algorithm.rest.mapping;

import io.vertx.core.json.JsonArray;
import org.varde.connectors.config.ConfigBlockException;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.ImageReference;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code findings:} block: where the vendor's findings array is and, inside each of its elements,
 * where the code, presence, probability, measurements, body site and image references are.
 */
final class FindingMapping {
    /** More findings than this in one result is not a report, it is a fault (or an attack). */
    static final int MAX_ITEMS = 1000;
    private static final List<String> PRESENCE_WORDS = List.of("present", "absent", "uncertain");
    /** UCUM (unitsofmeasure.org) codes are printable ASCII without spaces; a full UCUM parse is beyond a gateway. */
    private static final java.util.regex.Pattern UCUM = java.util.regex.Pattern.compile("[!-~]{1,32}");

    private final Pointer array;
    private final CodeMapping code;
    private final Pointer presence;
    private final Map<String, String> presenceValues;
    private final Pointer probability;
    private final CodeMapping bodySite;
    private final Pointer measurements;
    private final CodeMapping measurementConcept;
    private final Pointer measurementValue;
    private final Pointer measurementUnit;
    private final Pointer references;
    private final Pointer series;
    private final Pointer sopClass;
    private final Pointer sopInstance;
    private final Pointer frames;

    private FindingMapping(MappingBlock block) throws ConfigBlockException {
        array = block.requiredPointer("array");
        code = CodeMapping.read(required(block, "code"));
        presence = block.pointer("presence");
        presenceValues = block.words("presenceValues", PRESENCE_WORDS);
        probability = block.pointer("probability");
        MappingBlock site = block.block("bodySite");
        bodySite = site == null ? null : CodeMapping.read(site);
        MappingBlock m = block.block("measurements");
        measurements = m == null ? null : m.requiredPointer("array");
        measurementConcept = m == null ? null : CodeMapping.read(required(m, "concept"));
        measurementValue = m == null ? null : m.requiredPointer("value");
        measurementUnit = m == null ? null : m.requiredPointer("unit");
        if (m != null) {
            m.refuseUnknownKeys();
        }
        MappingBlock r = block.block("references");
        references = r == null ? null : r.requiredPointer("array");
        series = r == null ? null : r.requiredPointer("seriesInstanceUid");
        sopClass = r == null ? null : r.requiredPointer("sopClassUid");
        sopInstance = r == null ? null : r.requiredPointer("sopInstanceUid");
        frames = r == null ? null : r.pointer("frames");
        if (r != null) {
            r.refuseUnknownKeys();
        }
        block.refuseUnknownKeys();
    }

    static FindingMapping read(MappingBlock block) throws ConfigBlockException {
        return new FindingMapping(block);
    }

    private static MappingBlock required(MappingBlock block, String key) throws ConfigBlockException {
        MappingBlock nested = block.block(key);
        if (nested == null) {
            throw block.problem(key, "is required");
        }
        return nested;
    }

    List<Finding> in(Object document) throws UnfitResultException {
        JsonArray items = Values.array(document, "", array);
        if (items.size() > MAX_ITEMS) {
            throw UnfitResultException.at(array.text(), "at most " + MAX_ITEMS + " findings", items.size() + " findings");
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            findings.add(finding(items.getValue(i), array.text() + "/" + i));
        }
        return findings;
    }

    private Finding finding(Object item, String base) throws UnfitResultException {
        Code c = code.in(item, base);
        Presence p = presence(item, base);
        Optional<Double> prob = Optional.empty();
        BigDecimal number = Values.number(item, base, probability, false);
        if (number != null) {
            double d = number.doubleValue();
            if (d < 0 || d > 1) {
                throw UnfitResultException.at(Values.where(base, probability), "a probability in [0, 1]", number);
            }
            prob = Optional.of(d);
        }
        Optional<Code> site = bodySite == null ? Optional.empty() : Optional.of(bodySite.in(item, base));
        return new Finding(c, p, prob, measurements(item, base), site, references(item, base));
    }

    private Presence presence(Object item, String base) throws UnfitResultException {
        if (presence == null) {
            return Presence.PRESENT;
        }
        Object raw = presence.in(item);
        if (raw instanceof Boolean b && presenceValues.isEmpty()) {
            return b ? Presence.PRESENT : Presence.ABSENT;
        }
        String word = Values.word(item, base, presence, presenceValues, PRESENCE_WORDS, true);
        return Presence.valueOf(word.toUpperCase(Locale.ROOT));
    }

    private List<Measurement> measurements(Object item, String base) throws UnfitResultException {
        if (measurements == null) {
            return List.of();
        }
        JsonArray list = Values.array(item, base, measurements);
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < Math.min(list.size(), MAX_ITEMS); i++) {
            Object m = list.getValue(i);
            String at = base + measurements.text() + "/" + i;
            BigDecimal value = Values.number(m, at, measurementValue, true);
            String unit = Values.text(m, at, measurementUnit, true);
            if (!UCUM.matcher(unit).matches()) {
                throw UnfitResultException.at(Values.where(at, measurementUnit), "a UCUM unit code (such as mm, mm2, cm3)",
                        unit);
            }
            out.add(new Measurement(measurementConcept.in(m, at), value, unit));
        }
        return out;
    }

    private List<ImageReference> references(Object item, String base) throws UnfitResultException {
        if (references == null) {
            return List.of();
        }
        JsonArray list = Values.array(item, base, references);
        List<ImageReference> out = new ArrayList<>();
        for (int i = 0; i < Math.min(list.size(), MAX_ITEMS); i++) {
            Object r = list.getValue(i);
            String at = base + references.text() + "/" + i;
            out.add(new ImageReference(Values.uid(r, at, series), Values.uid(r, at, sopClass),
                    Values.uid(r, at, sopInstance), frames(r, at)));
        }
        return out;
    }

    private List<Integer> frames(Object reference, String base) throws UnfitResultException {
        if (frames == null || frames.in(reference) == null) {
            return List.of();
        }
        JsonArray list = Values.array(reference, base, frames);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(list.size(), MAX_ITEMS); i++) {
            // PS3.3 C.7.6.6: frame numbers start at 1
            if (!(list.getValue(i) instanceof Number n) || n.longValue() < 1 || n.longValue() > Integer.MAX_VALUE
                    || n.doubleValue() != n.longValue()) {
                throw UnfitResultException.at(Values.where(base, frames) + "/" + i, "a frame number (1 or more)",
                        list.getValue(i));
            }
            out.add(n.intValue());
        }
        return out;
    }
}
