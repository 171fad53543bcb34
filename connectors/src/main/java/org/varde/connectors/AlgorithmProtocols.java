package org.varde.connectors;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.algorithm.dicom.DicomProtocol;
import org.varde.connectors.algorithm.dicomweb.DicomWebProtocol;
import org.varde.connectors.algorithm.rest.RestProtocol;
import org.varde.connectors.algorithm.ups.UpsProtocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of the protocols Varde reaches vendors' algorithms by, keyed by the name the catalogue
 * uses. Adding a protocol is a folder under {@code algorithm/} and one line in {@link #standard()};
 * nothing in the gateway changes.
 */
public final class AlgorithmProtocols {
    private final Map<String, AlgorithmProtocol> byName;

    private AlgorithmProtocols(List<AlgorithmProtocol> protocols) {
        Map<String, AlgorithmProtocol> map = new LinkedHashMap<>();
        for (AlgorithmProtocol p : protocols) {
            if (map.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two protocols named " + p.name());
            }
        }
        this.byName = map;
    }

    /** Every protocol this build of Varde knows. */
    public static AlgorithmProtocols standard() {
        return of(List.of(
                new DicomProtocol(),
                new DicomWebProtocol(),
                new RestProtocol(),
                new UpsProtocol()));
    }

    /** A registry of exactly these (tests). */
    public static AlgorithmProtocols of(List<AlgorithmProtocol> protocols) {
        return new AlgorithmProtocols(protocols);
    }

    public Optional<AlgorithmProtocol> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names, in registry order: for the message when a catalogue names an unknown one. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** The adapter of every protocol that has one, by protocol name. */
    public Map<String, AlgorithmAdapter> adapters(AdapterEnvironment environment) {
        Map<String, AlgorithmAdapter> adapters = new LinkedHashMap<>();
        byName.forEach((name, p) -> p.adapter(environment).ifPresent(a -> adapters.put(name, a)));
        return adapters;
    }
}
