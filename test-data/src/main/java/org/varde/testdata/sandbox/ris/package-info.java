/**
 * The sandbox RIS: where Varde's reports and worklist priorities go in the demo and in tests that need
 * no full RIS. A FHIR R4 server that takes Varde's transaction Bundles ({@link SandboxFhirRis}) and an
 * MLLP listener that acknowledges its ORU^R01 messages ({@link SandboxMllpRis}), both on loopback,
 * both keeping what they took (the priority asked for, the accession number it concerns).
 */
package org.varde.testdata.sandbox.ris;
