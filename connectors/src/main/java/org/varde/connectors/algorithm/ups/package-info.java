/**
 * IHE AI Workflow for Imaging (AIW-I), pull model: Varde is the Task Manager and keeps a worklist of UPS
 * workitems (PS3.4 Annex CC, served over UPS-RS, PS3.18 11); a vendor's algorithm is the Task
 * Performer that finds, claims, performs and completes them. "Dispatching" a job here is scheduling its
 * workitem on the gateway's {@link org.varde.connectors.algorithm.ups.WorkitemBoard}: nothing goes on the
 * wire until the vendor retrieves the input with WADO-RS.
 */
package org.varde.connectors.algorithm.ups;
