package org.varde.connectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.varde.connectors.sink.SinkProtocol;
import org.varde.connectors.sink.fhir.FhirProtocol;
import org.varde.connectors.sink.hl7.Hl7Protocol;
import org.varde.connectors.sink.pacs.PacsProtocol;

/**
 * The registry of the kinds of places results are written to, keyed by the {@code type} word of an
 * {@code outputs:} block. Adding one is a folder under {@code sink/} and a line in {@link #standard()}.
 */
public final class SinkProtocols {
    private final Map<String, SinkProtocol> byName;

    private SinkProtocols(List<SinkProtocol> protocols) {
        Map<String, SinkProtocol> map = new LinkedHashMap<>();
        for (SinkProtocol p : protocols) {
            if (map.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two sink types named " + p.name());
            }
        }
        this.byName = map;
    }

    public static SinkProtocols standard() {
        return of(List.of(new PacsProtocol(), new FhirProtocol(), new Hl7Protocol()));
    }

    public static SinkProtocols of(List<SinkProtocol> protocols) {
        return new SinkProtocols(protocols);
    }

    public Optional<SinkProtocol> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
