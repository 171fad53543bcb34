package org.varde.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import org.varde.dicom.deident.DateHandling;
import org.varde.dicom.deident.DeidentificationOptions;
import org.varde.dicom.deident.PrivateElementKey;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An algorithm's {@code privacy:} block in the catalogue: whether its vendor receives pseudonymised
 * copies (PS3.15 Annex E Basic Profile, identity restored on the way back) and with which options.
 * A contract matter, so it belongs to the product, not to how it is reached.
 *
 * <pre>
 * privacy:
 *   pseudonymize: true
 *   dates: shift            # shift (default) | remove
 *   keepPrivate:            # private elements the vendor needs; every other one is removed
 *     - { creator: "ACME CT 1.0", tag: "0019,xx10" }
 * </pre>
 */
public record AlgorithmPrivacy(boolean pseudonymize, DeidentificationOptions deidentification) {
    /** Studies go as they are: no {@code privacy:} block. */
    public static final AlgorithmPrivacy NONE = new AlgorithmPrivacy(false, DeidentificationOptions.defaults());

    public AlgorithmPrivacy {
        Objects.requireNonNull(deidentification, "deidentification");
    }

    static AlgorithmPrivacy read(YamlMapping yaml) throws RoutingConfigException {
        boolean pseudonymize = yaml.bool("pseudonymize", false);
        String dates = yaml.optionalText("dates");
        DateHandling handling = dates == null || dates.equals("shift") ? DateHandling.SHIFT : null;
        if (handling == null && dates.equals("remove")) {
            handling = DateHandling.REMOVE;
        }
        if (handling == null) {
            throw new RoutingConfigException(yaml.keyPath("dates"), "must be one of shift, remove, was \"" + dates + "\"");
        }
        Set<PrivateElementKey> keep = new LinkedHashSet<>();
        JsonNode list = yaml.raw("keepPrivate");
        if (list != null) {
            if (!list.isArray()) {
                throw new RoutingConfigException(yaml.keyPath("keepPrivate"), "must be a list of { creator, tag }");
            }
            int i = 0;
            for (JsonNode item : list) {
                keep.add(privateElement(YamlMapping.of(yaml.keyPath("keepPrivate") + "[" + i++ + "]", item)));
            }
        }
        yaml.refuseUnknownKeys();
        if (!pseudonymize && (dates != null || !keep.isEmpty())) {
            throw new RoutingConfigException(yaml.keyPath("pseudonymize"),
                    "must be true when dates or keepPrivate are given: they apply to pseudonymised copies only");
        }
        return new AlgorithmPrivacy(pseudonymize, new DeidentificationOptions(handling, keep));
    }

    private static PrivateElementKey privateElement(YamlMapping yaml) throws RoutingConfigException {
        String creator = yaml.requiredText("creator");
        String tag = yaml.requiredText("tag");
        yaml.refuseUnknownKeys();
        try {
            return PrivateElementKey.parse(creator, tag);
        } catch (IllegalArgumentException e) {
            throw new RoutingConfigException(yaml.keyPath("tag"), e.getMessage());
        }
    }
}
