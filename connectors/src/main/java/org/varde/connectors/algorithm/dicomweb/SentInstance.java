package org.varde.connectors.algorithm.dicomweb;

import java.nio.file.Path;

/** One spool file of a STOW-RS request, with the UIDs its File Meta Information names. */
record SentInstance(Path file, String sopClassUid, String sopInstanceUid) {
}
