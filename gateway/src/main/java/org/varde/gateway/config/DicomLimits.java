package org.varde.gateway.config;

import org.varde.dicom.data.ReadLimits;

/**
 * The {@code dicom.limits} section: what one peer may cost the gateway before it is refused.
 *
 * @param header what the header parse of one instance may keep and inflate (bulk values skipped,
 *               a budget for the rest, inflation ratio and size of a deflated data set)
 */
public record DicomLimits(ReadLimits header) {
    public static final DicomLimits DEFAULTS = new DicomLimits(ReadLimits.DEFAULTS);
}
