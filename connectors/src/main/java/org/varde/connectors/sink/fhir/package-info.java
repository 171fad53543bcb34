/**
 * The RIS sink over FHIR R4: a result becomes one transaction Bundle (DiagnosticReport, one
 * Observation per finding, the algorithm as a Device, the worklist priority as a Task), validated
 * against the R4 structure definitions before it leaves, and sent with conditional creates and
 * updates so that a resend changes nothing. Mapping after the HL7 DICOM SR to FHIR IG
 * (hl7.fhir.uv.dicom-sr) where it fits.
 */
package org.varde.connectors.sink.fhir;
