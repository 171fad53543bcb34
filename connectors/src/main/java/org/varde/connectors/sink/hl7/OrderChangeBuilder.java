package org.varde.connectors.sink.hl7;

import java.time.Instant;

import org.varde.connectors.result.ReportKey;
import org.varde.connectors.result.SourceStudy;
import org.varde.connectors.result.WorklistPriority;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.group.OMG_O19_ORDER;
import ca.uhn.hl7v2.model.v251.message.OMG_O19;

/**
 * A worklist priority change as the RIS (the order filler) takes order changes from a placer:
 * OMG^O19 with ORC-1 {@code XO} "change order request" (table 0119) and the new priority in TQ1-9, as
 * IHE Radiology's placer order management does in v2.5.1.
 */
public final class OrderChangeBuilder {
    private final Hl7SinkOptions options;

    public OrderChangeBuilder(Hl7SinkOptions options) {
        this.options = options;
    }

    public OMG_O19 build(ReportKey key, SourceStudy study, WorklistPriority priority, Instant at) throws HL7Exception {
        OMG_O19 omg = new OMG_O19();
        Hl7Fields.header(omg.getMSH(), options, "OMG", "O19", "OMG_O19", Hl7Fields.controlId("X", "omg/" + key.value()), at);
        Hl7Fields.patient(omg.getPATIENT().getPID(), study);
        OMG_O19_ORDER order = omg.getORDER();
        order.getORC().getOrderControl().setValue("XO");
        if (study.placerOrderNumber().isPresent()) {
            order.getORC().getPlacerOrderNumber().getEntityIdentifier().setValue(study.placerOrderNumber().get());
            order.getOBR().getPlacerOrderNumber().getEntityIdentifier().setValue(study.placerOrderNumber().get());
        }
        if (study.fillerOrderNumber().isPresent()) {
            order.getORC().getFillerOrderNumber().getEntityIdentifier().setValue(study.fillerOrderNumber().get());
            order.getOBR().getFillerOrderNumber().getEntityIdentifier().setValue(study.fillerOrderNumber().get());
        }
        order.getTIMING().getTQ1().getSetIDTQ1().setValue("1");
        Hl7Fields.code(order.getTIMING().getTQ1().getPriority(0), options.priorityCodes().get(priority), priority.fhirCode(), "HL70485");
        order.getOBR().getSetIDOBR().setValue("1");
        order.getOBR().getUniversalServiceIdentifier().getText().setValue(study.studyDescription().orElse("Imaging study"));
        if (study.accessionNumber().isPresent()) {
            order.getOBR().getPlacerField1().setValue(study.accessionNumber().get());
        }
        return omg;
    }
}
