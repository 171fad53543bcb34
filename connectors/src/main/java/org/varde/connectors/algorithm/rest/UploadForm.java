package org.varde.connectors.algorithm.rest;

import java.util.Locale;

/** The catalogue's {@code upload} word: the instances one part each, or in one ZIP part. */
public enum UploadForm {
    MULTIPART, ZIP;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
