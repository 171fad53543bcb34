package org.varde.connectors.sink.pacs;

import java.lang.reflect.Method;

/**
 * Runs PixelMed's {@code DicomSRValidator} on several files in one process: its stylesheets take most
 * of a run to compile, so one validator serves every file. Started by {@link DicomValidators} with
 * pixelmed.jar on the class path; PixelMed is reached by reflection because it is a Debian package,
 * not a Maven dependency.
 */
public final class PixelMedBatch {
    static final String FILE_MARK = "=== ";

    private PixelMedBatch() {
    }

    public static void main(String[] files) throws Exception {
        Class<?> type = Class.forName("com.pixelmed.validate.DicomSRValidator");
        Object validator = type.getConstructor().newInstance();
        Method validate = type.getMethod("validate", String.class);
        for (String file : files) {
            System.out.println(FILE_MARK + file);
            System.out.println(validate.invoke(validator, file));
        }
        System.out.flush();
    }
}
