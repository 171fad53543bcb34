package org.varde.connectors.sink.fhir;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.fhirpath.IHostApplicationServices;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.OIDUtilities;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * A core validator built as HAPI 8.8.1's {@code ValidatorWrapper} builds it, that can be used again.
 *
 * <p>What it keeps between validations (core 6.7.9): {@code InstanceValidator.validate} resets its
 * per-validation state itself (fetch cache, resource tracker, tracked messages);
 * {@link #forgetLastValidation} clears the rest that grows: the "depends on a deprecated definition"
 * hints given once per validator (so they are given again, as by a new one), the texts kept for the
 * optional AI check, the last parsed content, the codings its {@code CodingsObserver} saw (each with
 * its node: 370 KiB a result bundle, cleared by HAPI only when checking IPS codes) and its narrative
 * index ({@code xhtmlElementMap}, keyed by element identity, so never found again). None of these
 * changes a later validation's errors; they are memory. What is left is a cache of canonical
 * lookups used only with a resource fetcher (Varde sets none) and a set of hashes for the AI check.
 *
 * <p>The observer's list, the index and the OID registry are private fields, reached by
 * reflection: looked up when this class loads (an upgrade that renames them fails at once, saying
 * what to review), and {@code ReusingInstanceValidatorTest} pins the HAPI version this was read for.
 */
final class ResettableInstanceValidator extends InstanceValidator {
    private static final Field OIDS = field(InstanceValidator.class, "oids");
    private static final Field CODING_OBSERVER = field(InstanceValidator.class, "codingObserver");
    private static final Field CODINGS_SEEN = field(CodingsObserver.class, "list");
    private static final Field XHTML_INDEX = field(InstanceValidator.class, "xhtmlElementMap");

    int uses;

    ResettableInstanceValidator(IWorkerContext worker, IHostApplicationServices host) {
        super(worker, host, new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
    }

    boolean builtOn(IWorkerContext worker) {
        return context == worker;
    }

    OIDUtilities oids() {
        return (OIDUtilities) get(OIDS, this);
    }

    /** The registry the constructor parsed holds 5 MiB and is only read (isKnownOID): one serves all. */
    void useOids(OIDUtilities shared) {
        set(OIDS, this, shared);
    }

    /** Clears what {@code validate} leaves behind: see the class comment. */
    void forgetLastValidation() {
        statusWarnings.clear();
        trackedMessages.clear();
        messagesToRemove.clear();
        getTextsToCheck().clear();
        validatedContent = null;
        ((List<?>) get(CODINGS_SEEN, get(CODING_OBSERVER, this))).clear();
        ((Map<?, ?>) get(XHTML_INDEX, this)).clear();
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("HAPI's core validator is not the one this was checked against (" + type.getName()
                    + "." + name + ", org.hl7.fhir.validation 6.7.9): review ReusingInstanceValidator against its ValidatorWrapper", e);
        }
    }

    private static Object get(Field f, Object owner) {
        try {
            return f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Field f, Object owner, Object value) {
        try {
            f.set(owner, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
