package org.varde.connectors.sink.hl7;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.varde.connectors.result.AlgorithmResult;
import org.varde.connectors.result.Finding;
import org.varde.connectors.result.Measurement;
import org.varde.connectors.result.Presence;
import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.WorklistPriority;
import org.varde.connectors.sink.HumanReview;
import org.varde.connectors.sink.ResultWording;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.datatype.TX;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.ORC;

/**
 * A result as ORU^R01 v2.5.1 (v2.5.1 chapter 7.3.1): PID, then one order with ORC/OBR (placer and
 * filler order numbers, accession number in OBR-18), TQ1 with the worklist priority, an OBX with the
 * conclusion in words, and per finding a coded OBX (presence) followed by NM OBX for its probability
 * and measurements, grouped by OBX-4 sub-id.
 */
public final class OruBuilder {
    private final Hl7SinkOptions options;

    public OruBuilder(Hl7SinkOptions options) {
        this.options = options;
    }

    public ORU_R01 build(ReportKey key, AlgorithmResult result, SourceStudy study, Optional<WorklistPriority> priority,
                         Instant at) throws HL7Exception {
        return build(key, result, study, priority, at, HumanReview.none());
    }

    /**
     * @param review an approval makes the result final (OBR-25 and OBX-11 "F"); anything else stays
     *               preliminary ("P"), and the conclusion says who stands behind it
     */
    public ORU_R01 build(ReportKey key, AlgorithmResult result, SourceStudy study, Optional<WorklistPriority> priority,
                         Instant at, HumanReview review) throws HL7Exception {
        String status = review.approved() ? "F" : "P";
        ORU_R01 oru = new ORU_R01();
        Hl7Fields.header(oru.getMSH(), options, "ORU", "R01", "ORU_R01", Hl7Fields.controlId("R", "oru/" + key.value()), at);
        Hl7Fields.patient(oru.getPATIENT_RESULT().getPATIENT().getPID(), study);
        ORU_R01_ORDER_OBSERVATION order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
        order(order.getORC(), order.getOBR(), study, at, status);
        if (priority.isPresent()) {
            WorklistPriority p = priority.get();
            order.getTIMING_QTY().getTQ1().getSetIDTQ1().setValue("1");
            Hl7Fields.code(order.getTIMING_QTY().getTQ1().getPriority(0), options.priorityCodes().get(p), p.fhirCode(), "HL70485");
        }
        boolean urgent = priority.map(p -> p.isHigherThan(WorklistPriority.ROUTINE)).orElse(false);
        int setId = 0;
        OBX conclusion = order.getOBSERVATION(setId).getOBX();
        observation(conclusion, ++setId, "TX", result, at, status);
        conclusion.getObservationIdentifier().getText().setValue("AI result");
        conclusion.getObservationIdentifier().getIdentifier().setValue("AIRESULT");
        conclusion.getObservationIdentifier().getNameOfCodingSystem().setValue("99VARDE");
        TX text = new TX(oru);
        text.setValue(ResultWording.conclusion(result, review));
        conclusion.getObservationValue(0).setData(text);

        List<Finding> findings = result.findings();
        for (int f = 0; f < findings.size(); f++) {
            Finding finding = findings.get(f);
            String subId = String.valueOf(f + 1);
            OBX coded = order.getOBSERVATION(setId).getOBX();
            observation(coded, ++setId, "CE", result, at, status);
            Hl7Fields.code(coded.getObservationIdentifier(), finding.code());
            coded.getObservationSubID().setValue(subId);
            CE presence = new CE(oru);
            presence(presence, finding.presence());
            coded.getObservationValue(0).setData(presence);
            // the finding site has no field in v2.5.1 (OBX-20 Observation Site came with v2.6); the SR and FHIR carry it
            // table 0078: A abnormal; AA when the finding is what moves the study up the worklist
            if (finding.presence() == Presence.PRESENT) {
                coded.getAbnormalFlags(0).setValue(urgent ? "AA" : "A");
            } else if (finding.presence() == Presence.ABSENT) {
                coded.getAbnormalFlags(0).setValue("N");
            }
            if (finding.probability().isPresent()) {
                OBX p = order.getOBSERVATION(setId).getOBX();
                observation(p, ++setId, "NM", result, at, status);
                p.getObservationIdentifier().getIdentifier().setValue("PROB");
                p.getObservationIdentifier().getText().setValue("Probability (algorithm output)");
                p.getObservationIdentifier().getNameOfCodingSystem().setValue("99VARDE");
                p.getObservationSubID().setValue(subId);
                NM nm = new NM(oru);
                nm.setValue(finding.probability().get().toString());
                p.getObservationValue(0).setData(nm);
            }
            for (Measurement m : finding.measurements()) {
                OBX obx = order.getOBSERVATION(setId).getOBX();
                observation(obx, ++setId, "NM", result, at, status);
                Hl7Fields.code(obx.getObservationIdentifier(), m.concept());
                obx.getObservationSubID().setValue(subId);
                NM nm = new NM(oru);
                nm.setValue(m.value().toPlainString());
                obx.getObservationValue(0).setData(nm);
                obx.getUnits().getIdentifier().setValue(m.ucumUnit());
                obx.getUnits().getText().setValue(m.ucumUnit());
                obx.getUnits().getNameOfCodingSystem().setValue("UCUM");
            }
        }
        return oru;
    }

    private static void order(ORC orc, OBR obr, SourceStudy study, Instant at, String status) throws HL7Exception {
        // ORC-1 RE: observations to follow (table 0119)
        orc.getOrderControl().setValue("RE");
        study.placerOrderNumber().ifPresent(n -> Hl7Fields.set(() -> orc.getPlacerOrderNumber().getEntityIdentifier().setValue(n)));
        study.fillerOrderNumber().ifPresent(n -> Hl7Fields.set(() -> orc.getFillerOrderNumber().getEntityIdentifier().setValue(n)));
        obr.getSetIDOBR().setValue("1");
        study.placerOrderNumber().ifPresent(n -> Hl7Fields.set(() -> obr.getPlacerOrderNumber().getEntityIdentifier().setValue(n)));
        study.fillerOrderNumber().ifPresent(n -> Hl7Fields.set(() -> obr.getFillerOrderNumber().getEntityIdentifier().setValue(n)));
        obr.getUniversalServiceIdentifier().getText().setValue(study.studyDescription().orElse("Imaging study"));
        obr.getObservationDateTime().getTime().setValue(Hl7Fields.timestamp(at));
        // OBR-18 Placer Field 1 carries the accession number in IHE Radiology's v2.5.1 messages
        study.accessionNumber().ifPresent(a -> Hl7Fields.set(() -> obr.getPlacerField1().setValue(a)));
        // table 0123: P preliminary (no radiologist has verified it), F final (a reviewer approved it)
        obr.getResultStatus().setValue(status);
    }

    private static void observation(OBX obx, int setId, String valueType, AlgorithmResult result, Instant at,
                                    String status) throws HL7Exception {
        obx.getSetIDOBX().setValue(String.valueOf(setId));
        obx.getValueType().setValue(valueType);
        obx.getObservationResultStatus().setValue(status);   // table 0085: P preliminary, F final
        obx.getDateTimeOfTheObservation().getTime().setValue(Hl7Fields.timestamp(at));
        // OBX-18: the equipment that made the observation, here the algorithm and its version
        obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().setValue(result.reportedName() + " " + result.reportedVersion());
        obx.getEquipmentInstanceIdentifier(0).getNamespaceID().setValue(result.device().manufacturer());
    }

    /** SNOMED CT qualifier values: 52101004 Present, 2667000 Absent, 42425007 Equivocal. */
    private static void presence(CE ce, Presence presence) throws HL7Exception {
        switch (presence) {
            case PRESENT -> set3(ce, "52101004", "Present");
            case ABSENT -> set3(ce, "2667000", "Absent");
            case UNCERTAIN -> set3(ce, "42425007", "Equivocal");
        }
    }

    private static void set3(CE ce, String code, String text) throws HL7Exception {
        ce.getIdentifier().setValue(code);
        ce.getText().setValue(text);
        ce.getNameOfCodingSystem().setValue("SCT");
    }
}
