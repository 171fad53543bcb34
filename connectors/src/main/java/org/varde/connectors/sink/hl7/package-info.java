/**
 * The RIS sink over HL7 v2.5.1 for a RIS that speaks only v2: the result as ORU^R01 (PID, ORC/OBR
 * with placer and filler order numbers and accession number, TQ1 priority, one OBX per finding and
 * measurement), optionally the priority change as an imaging order update (OMI^O23 with ORC-1
 * {@code XO}), each over MLLP and acknowledged by the RIS before it counts as delivered.
 */
package org.varde.connectors.sink.hl7;
