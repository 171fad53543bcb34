package org.varde.gateway.priority;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Code;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ResultStatus;
import org.varde.connectors.result.Results;
import org.varde.connectors.result.WorklistPriority;

class PriorityPolicyTest {
    private static final PriorityRule PE_STAT = new PriorityRule("SCT", "59282003", Optional.of(0.8), Optional.empty(),
            Optional.empty(), Optional.empty(), WorklistPriority.STAT);
    private static final PriorityRule NODULE_URGENT = new PriorityRule("SCT", "786838002", Optional.empty(),
            Optional.of("SCT:103339001"), Optional.of(new BigDecimal("8")), Optional.of("mm"), WorklistPriority.URGENT);
    private static final PriorityPolicy POLICY = new PriorityPolicy(List.of(PE_STAT, NODULE_URGENT), false);

    private static AlgorithmResult embolism(double probability, Optional<WorklistPriority> vendor) {
        Finding pe = new Finding(Results.EMBOLISM, Presence.PRESENT, Optional.of(probability), List.of(), Optional.of(Results.LUNG), List.of());
        return new AlgorithmResult("pe", "EmboFind", "1.0", Results.device(), "1.2.3", ResultStatus.POSITIVE, List.of(pe), vendor);
    }

    @Test
    void aProbableEmbolismIsStat() {
        assertEquals(Optional.of(WorklistPriority.STAT), POLICY.decide(embolism(0.93, Optional.empty()), Optional.empty()));
    }

    @Test
    void anEmbolismBelowTheThresholdMatchesNoRuleAndFollowsTheDefault() {
        assertEquals(Optional.empty(), POLICY.decide(embolism(0.6, Optional.of(WorklistPriority.ASAP)), Optional.empty()));
        PriorityPolicy vendorDefault = new PriorityPolicy(List.of(PE_STAT), true);
        assertEquals(Optional.of(WorklistPriority.ASAP),
                vendorDefault.decide(embolism(0.6, Optional.of(WorklistPriority.ASAP)), Optional.empty()));
    }

    @Test
    void aNoduleOfEightMillimetresOrMoreIsUrgentAndASmallerOneIsNot() {
        assertEquals(Optional.of(WorklistPriority.URGENT), POLICY.decide(Results.nodule(8.0, 0.9), Optional.empty()));
        assertEquals(Optional.of(WorklistPriority.URGENT), POLICY.decide(Results.nodule(12.5, 0.9), Optional.empty()));
        assertEquals(Optional.empty(), POLICY.decide(Results.nodule(6.0, 0.9), Optional.empty()));
    }

    @Test
    void aMeasurementInAnotherUnitDoesNotMatch() {
        Finding cm = new Finding(Results.NODULE, Presence.PRESENT, Optional.empty(),
                List.of(new Measurement(Results.LONG_AXIS, new BigDecimal("1.2"), "cm")), Optional.empty(), List.of());
        AlgorithmResult r = new AlgorithmResult("n", "N", "1", Results.device(), "1.2.3", ResultStatus.POSITIVE, List.of(cm), Optional.empty());
        assertEquals(Optional.empty(), POLICY.decide(r, Optional.empty()));
    }

    @Test
    void negativeInconclusiveAndFailedChangeNothingWhateverTheVendorSuggests() {
        for (ResultStatus status : List.of(ResultStatus.NEGATIVE, ResultStatus.INCONCLUSIVE, ResultStatus.FAILED)) {
            AlgorithmResult r = new AlgorithmResult("n", "N", "1", Results.device(), "1.2.3", status, List.of(),
                    Optional.of(WorklistPriority.STAT));
            assertEquals(Optional.empty(), PriorityPolicy.VENDOR.decide(r, Optional.empty()), status.name());
        }
    }

    @Test
    void thePolicyNeverAsksForAPriorityAtOrBelowWhatIsHeld() {
        assertEquals(Optional.empty(), POLICY.decide(Results.nodule(9, 0.9), Optional.of(WorklistPriority.URGENT)));
        assertEquals(Optional.empty(), POLICY.decide(Results.nodule(9, 0.9), Optional.of(WorklistPriority.STAT)));
        assertEquals(Optional.of(WorklistPriority.URGENT), POLICY.decide(Results.nodule(9, 0.9), Optional.of(WorklistPriority.ROUTINE)));
    }

    @Test
    void theHighestMatchingRuleWins() {
        Finding pe = new Finding(Results.EMBOLISM, Presence.PRESENT, Optional.of(0.95), List.of(), Optional.empty(), List.of());
        Finding nodule = Results.nodule(10, 0.9).findings().get(0);
        AlgorithmResult both = new AlgorithmResult("x", "X", "1", Results.device(), "1.2.3", ResultStatus.POSITIVE,
                List.of(nodule, pe), Optional.of(WorklistPriority.ROUTINE));
        assertEquals(Optional.of(WorklistPriority.STAT), POLICY.decide(both, Optional.empty()));
    }

    @Test
    void anAbsentFindingMatchesNoRule() {
        Finding absent = new Finding(new Code("59282003", "SCT", "Pulmonary embolism"), Presence.ABSENT, Optional.of(0.99),
                List.of(), Optional.empty(), List.of());
        AlgorithmResult r = new AlgorithmResult("pe", "P", "1", Results.device(), "1.2.3", ResultStatus.POSITIVE,
                List.of(absent), Optional.empty());
        assertEquals(Optional.empty(), POLICY.decide(r, Optional.empty()));
    }
}
