package org.varde.gateway.routing;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The intended use printed in a product's instructions for use, as far as a DICOM header can check it.
 * An empty list or a null range means the product sets no limit there; {@code modalities} is always
 * set (the catalogue refuses an entry without it, so an MR can never reach a CT product by omission).
 */
public record IntendedUse(List<String> modalities, List<String> bodyParts, List<String> sopClasses,
                          List<String> viewPositions, NumericRange ageYears, NumericRange sliceThicknessMm) {

    // PS3.5 9.1: a UID is digits and dots, at most 64 characters.
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    public IntendedUse {
        modalities = List.copyOf(modalities);
        bodyParts = List.copyOf(bodyParts);
        sopClasses = List.copyOf(sopClasses);
        viewPositions = List.copyOf(viewPositions);
    }

    public boolean ageLimited() {
        return ageYears != null;
    }

    static IntendedUse read(YamlMapping yaml) throws RoutingConfigException {
        List<String> modalities = yaml.texts("modalities");
        if (modalities.isEmpty()) {
            throw new RoutingConfigException(yaml.keyPath("modalities"), "is required: name the modalities the product is for");
        }
        List<String> sopClasses = yaml.texts("sopClasses");
        for (int i = 0; i < sopClasses.size(); i++) {
            String uid = sopClasses.get(i);
            if (uid.length() > 64 || !UID.matcher(uid).matches()) {
                throw new RoutingConfigException(yaml.keyPath("sopClasses") + "[" + i + "]",
                        "must be a SOP class UID (digits and dots, at most 64 characters), was \"" + uid + "\"");
            }
        }
        IntendedUse use = new IntendedUse(modalities, yaml.texts("bodyParts"), sopClasses, yaml.texts("viewPositions"),
                range(yaml, "minAgeYears", "maxAgeYears"),
                range(yaml, "minSliceThicknessMm", "maxSliceThicknessMm"));
        yaml.refuseUnknownKeys();
        return use;
    }

    private static NumericRange range(YamlMapping yaml, String minKey, String maxKey) throws RoutingConfigException {
        Double min = yaml.optionalNumber(minKey, 0);
        Double max = yaml.optionalNumber(maxKey, 0);
        if (min != null && max != null && min > max) {
            throw new RoutingConfigException(yaml.keyPath(maxKey), "must be >= " + minKey + " (" + NumericRange.format(min) + ")");
        }
        return NumericRange.ofNullable(min, max);
    }
}
