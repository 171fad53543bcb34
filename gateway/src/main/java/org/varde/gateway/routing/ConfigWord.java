package org.varde.gateway.routing;

/** An enum constant that has one spelling in the YAML files ({@code ce-marked}, {@code IIa}). */
interface ConfigWord {
    String word();

    /** The constant spelt {@code word}, or an error naming the key and the valid spellings. */
    static <E extends Enum<E> & ConfigWord> E parse(Class<E> type, String keyPath, String word)
            throws RoutingConfigException {
        StringBuilder valid = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            if (constant.word().equals(word)) {
                return constant;
            }
            valid.append(valid.length() == 0 ? "" : ", ").append(constant.word());
        }
        throw new RoutingConfigException(keyPath, "must be one of " + valid + ", was \"" + word + "\"");
    }
}
