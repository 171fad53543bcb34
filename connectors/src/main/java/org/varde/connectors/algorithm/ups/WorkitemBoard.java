package org.varde.connectors.algorithm.ups;

/**
 * Where the Task Manager's workitems are kept: the gateway's durable worklist. Blocking (JDBC): the
 * adapter calls it on a worker.
 */
public interface WorkitemBoard {
    /**
     * Schedules the workitem for one dispatch of a job, or returns the open one an earlier attempt of the
     * same job (same idempotency key) made and no performer has given up: a resend never makes the
     * vendor process the study twice.
     *
     * @return the workitem's SOP Instance UID
     * @throws WorkitemRefusedException when the worklist will not hold this workitem (the reason is
     *                                  permanent: a retry would fail the same way)
     */
    String schedule(ScheduledWorkitem workitem) throws WorkitemRefusedException;
}
