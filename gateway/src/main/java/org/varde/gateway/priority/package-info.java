/**
 * The worklist priority policy: which results move a study up the radiologist's worklist, and how
 * far. Read from the catalogue (routing), applied by the delivery stage; shared by both, owned by
 * neither.
 */
package org.varde.gateway.priority;
