/**
 * The worklist stage (IHE AIW-I, Task Manager): the UPS workitems Varde schedules for algorithms of the
 * {@code ups} protocol, their PS3.4 Annex CC state machine, and what a performer's moves mean for the
 * job (a cancel fails its attempt; a job that stops waiting cancels its workitem). Its rows are
 * {@code workitems} and {@code workitem_instances}; the HTTP side (UPS-RS, WADO-RS) is in {@code api}.
 */
package org.varde.gateway.worklist;
