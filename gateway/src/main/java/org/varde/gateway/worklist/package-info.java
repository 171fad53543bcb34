/**
 * The worklist stage (IHE AIW-I, Task Manager): the UPS workitems Varde schedules for algorithms of the
 * {@code ups} protocol, their PS3.4 Annex CC state machine, and what a performer's moves mean for the
 * job (a cancel fails its attempt; a job that stops waiting cancels its workitem), and who hears of
 * each change (UPS subscriptions and event reports, PS3.4 CC.2.3-CC.2.4). Its rows are {@code workitems},
 * {@code workitem_instances} and {@code ups_subscriptions}; the HTTP side (UPS-RS, WADO-RS) is in {@code api}.
 */
package org.varde.gateway.worklist;
