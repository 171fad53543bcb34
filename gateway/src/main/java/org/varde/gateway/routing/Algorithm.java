package org.varde.gateway.routing;

import org.varde.connectors.AlgorithmProtocols;
import org.varde.connectors.algorithm.AlgorithmEndpoint;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One product in the catalogue: who makes it, what it is certified for and how to reach it.
 * {@code timeout} bounds one dispatch; {@code resultTimeout} how long its result may take after it.
 * {@code ceClass}, {@code notifiedBody} and {@code certificateId} are null for a research product.
 */
public record Algorithm(String id, String vendor, String product, String approvedVersion,
                        CeClass ceClass, String notifiedBody, String certificateId,
                        RegulatoryStatus regulatoryStatus, IntendedUse intendedUse, AlgorithmEndpoint endpoint,
                        int concurrency, Duration timeout, AlgorithmPrivacy privacy, Duration resultTimeout,
                        AlgorithmOutputs outputs, Contract contract) {

    public Algorithm {
        contract = contract == null ? Contract.NONE : contract;
    }

    /** Without a {@code contract:} block: usage is counted, no amount computed. */
    public Algorithm(String id, String vendor, String product, String approvedVersion, CeClass ceClass,
                     String notifiedBody, String certificateId, RegulatoryStatus regulatoryStatus,
                     IntendedUse intendedUse, AlgorithmEndpoint endpoint, int concurrency, Duration timeout,
                     AlgorithmPrivacy privacy, Duration resultTimeout, AlgorithmOutputs outputs) {
        this(id, vendor, product, approvedVersion, ceClass, notifiedBody, certificateId, regulatoryStatus,
                intendedUse, endpoint, concurrency, timeout, privacy, resultTimeout, outputs, Contract.NONE);
    }

    /** One hour: a vendor's queue on a busy day, and still the same shift for a flag on the worklist. */
    public static final int DEFAULT_RESULT_TIMEOUT_SECONDS = 3600;
    private static final Duration DEFAULT_RESULT_TIMEOUT = Duration.ofSeconds(DEFAULT_RESULT_TIMEOUT_SECONDS);

    // ids appear in job rows, metrics labels and URLs: keep them to a safe alphabet
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Without outputs: its results are recorded and delivered nowhere. */
    public Algorithm(String id, String vendor, String product, String approvedVersion, CeClass ceClass,
                     String notifiedBody, String certificateId, RegulatoryStatus regulatoryStatus,
                     IntendedUse intendedUse, AlgorithmEndpoint endpoint, int concurrency, Duration timeout,
                     AlgorithmPrivacy privacy, Duration resultTimeout) {
        this(id, vendor, product, approvedVersion, ceClass, notifiedBody, certificateId, regulatoryStatus,
                intendedUse, endpoint, concurrency, timeout, privacy, resultTimeout, AlgorithmOutputs.NONE);
    }

    /** An algorithm whose studies go as they are (no {@code privacy:} block). */
    public Algorithm(String id, String vendor, String product, String approvedVersion, CeClass ceClass,
                     String notifiedBody, String certificateId, RegulatoryStatus regulatoryStatus,
                     IntendedUse intendedUse, AlgorithmEndpoint endpoint, int concurrency, Duration timeout) {
        this(id, vendor, product, approvedVersion, ceClass, notifiedBody, certificateId, regulatoryStatus,
                intendedUse, endpoint, concurrency, timeout, AlgorithmPrivacy.NONE, DEFAULT_RESULT_TIMEOUT);
    }

    /** With the default result timeout. */
    public Algorithm(String id, String vendor, String product, String approvedVersion, CeClass ceClass,
                     String notifiedBody, String certificateId, RegulatoryStatus regulatoryStatus,
                     IntendedUse intendedUse, AlgorithmEndpoint endpoint, int concurrency, Duration timeout,
                     AlgorithmPrivacy privacy) {
        this(id, vendor, product, approvedVersion, ceClass, notifiedBody, certificateId, regulatoryStatus,
                intendedUse, endpoint, concurrency, timeout, privacy, DEFAULT_RESULT_TIMEOUT);
    }

    /** Studies as they are, with its own result timeout. */
    public Algorithm(String id, String vendor, String product, String approvedVersion, CeClass ceClass,
                     String notifiedBody, String certificateId, RegulatoryStatus regulatoryStatus,
                     IntendedUse intendedUse, AlgorithmEndpoint endpoint, int concurrency, Duration timeout,
                     Duration resultTimeout) {
        this(id, vendor, product, approvedVersion, ceClass, notifiedBody, certificateId, regulatoryStatus,
                intendedUse, endpoint, concurrency, timeout, AlgorithmPrivacy.NONE, resultTimeout);
    }

    public boolean research() {
        return regulatoryStatus == RegulatoryStatus.RESEARCH;
    }

    /**
     * @param outputs the names of the main config's outputs: an {@code outputs:} entry naming another is refused
     */
    static Algorithm read(YamlMapping yaml, AlgorithmProtocols protocols, java.util.Set<String> outputs)
            throws RoutingConfigException {
        String id = yaml.requiredText("id");
        if (!ID.matcher(id).matches()) {
            throw new RoutingConfigException(yaml.keyPath("id"),
                    "must be 1..64 of a-z, 0-9, '.', '_', '-' starting with a letter or digit, was \"" + id + "\"");
        }
        String vendor = yaml.requiredText("vendor");
        String product = yaml.requiredText("product");
        String approvedVersion = yaml.requiredText("approvedVersion");
        RegulatoryStatus status = ConfigWord.parse(RegulatoryStatus.class, yaml.keyPath("regulatoryStatus"),
                yaml.requiredText("regulatoryStatus"));
        String ceWord = status == RegulatoryStatus.CE_MARKED ? yaml.requiredText("ceClass") : yaml.optionalText("ceClass");
        CeClass ceClass = ceWord == null ? null : ConfigWord.parse(CeClass.class, yaml.keyPath("ceClass"), ceWord);
        String certificateId = status == RegulatoryStatus.CE_MARKED ? yaml.requiredText("certificateId") : yaml.optionalText("certificateId");
        String notifiedBody = notifiedBody(yaml, ceClass, status);
        IntendedUse use = IntendedUse.read(yaml.mapping("intendedUse"));
        AlgorithmEndpoint endpoint = EndpointReader.read(yaml.mapping("endpoint"), protocols);
        int concurrency = yaml.integer("concurrency", 1, 1, 1000);
        int timeoutSeconds = yaml.integer("timeoutSeconds", 300, 1, 86_400);
        AlgorithmPrivacy privacy = yaml.has("privacy") ? AlgorithmPrivacy.read(yaml.mapping("privacy")) : AlgorithmPrivacy.NONE;
        // from the vendor acknowledging the dispatch to its result arriving; then the attempt fails (retried)
        int resultTimeoutSeconds = yaml.integer("resultTimeoutSeconds", DEFAULT_RESULT_TIMEOUT_SECONDS, 1, 604_800);
        AlgorithmOutputs delivery = AlgorithmOutputs.read(yaml, outputs);
        // what the hospital pays per study (volume tiers, introductory discount): prices the usage ledger
        Contract contract = yaml.has("contract") ? Contract.read(yaml.mapping("contract")) : Contract.NONE;
        yaml.refuseUnknownKeys();
        return new Algorithm(id, vendor, product, approvedVersion, ceClass, notifiedBody, certificateId,
                status, use, endpoint, concurrency, Duration.ofSeconds(timeoutSeconds), privacy,
                Duration.ofSeconds(resultTimeoutSeconds), delivery, contract);
    }

    /** MDR Art. 52: class IIa and above are certified by a notified body; class I is self-declared and has none. */
    private static String notifiedBody(YamlMapping yaml, CeClass ceClass, RegulatoryStatus status) throws RoutingConfigException {
        String notifiedBody = yaml.optionalText("notifiedBody");
        if (ceClass == CeClass.I && notifiedBody != null) {
            throw new RoutingConfigException(yaml.keyPath("notifiedBody"), "class I is self-declared; a notified body means class IIa or higher");
        }
        if (status == RegulatoryStatus.CE_MARKED && ceClass != CeClass.I && notifiedBody == null) {
            throw new RoutingConfigException(yaml.keyPath("notifiedBody"), "is required for class " + ceClass.word());
        }
        return notifiedBody;
    }
}
