package org.varde.testdata.sandbox.ris;

/**
 * What a sandbox RIS took for one report: the order it concerns and the worklist priority asked for.
 *
 * @param accessionNumber the order's accession number ("" when the report named none)
 * @param priority        the priority asked for (FHIR Task.priority, or the HL7 TQ1-9 code), "" when none
 */
public record RisReceipt(String accessionNumber, String priority) {
}
