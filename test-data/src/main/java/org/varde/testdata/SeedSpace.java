package org.varde.testdata;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Everything random in a generated study follows from one seed, the kind of study, and a label
 * naming what it is for ("study/1", "series/1/2", ...): the same seed writes the same UIDs, names
 * and pixels; a CT and a chest radiograph made with the same seed share no UID (a gateway would
 * otherwise take them for one study); and a study's content does not shift when another study or
 * series is added.
 */
final class SeedSpace {

    private static final String UUID_ROOT = "2.25.";

    private final String namespace;

    SeedSpace(long seed, StudyKind kind) {
        this.namespace = "varde-testdata/" + seed + "/" + kind.cliName() + "/";
    }

    /**
     * PS3.5 B.2: a UID under the root "2.25" is the decimal value of a UUID. The UUID here is the
     * name-based (RFC 4122 version 3) UUID of seed, kind and label, so it repeats for the same seed.
     */
    String uid(String label) {
        UUID uuid = nameUuid(label);
        byte[] unsigned = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        // at most 39 digits, so the UID stays within the 64 characters of PS3.5 9.1
        return UUID_ROOT + new BigInteger(1, unsigned);
    }

    /** A random number generator of its own for this label. */
    SplittableRandom random(String label) {
        return new SplittableRandom(nameUuid(label).getLeastSignificantBits());
    }

    private UUID nameUuid(String label) {
        return UUID.nameUUIDFromBytes((namespace + label).getBytes(StandardCharsets.UTF_8));
    }
}
