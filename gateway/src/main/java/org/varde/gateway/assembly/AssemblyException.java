package org.varde.gateway.assembly;

/** The study assembly's database failed. */
public class AssemblyException extends RuntimeException {
    public AssemblyException(String message, Throwable cause) {
        super(message, cause);
    }
}
