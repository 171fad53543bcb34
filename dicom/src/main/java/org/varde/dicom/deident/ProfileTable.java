package org.varde.dicom.deident;

import org.varde.dicom.data.VR;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * PS3.15 Table E.1-1, column "Basic Profile", as shipped in {@code basic-profile.txt}: the action and
 * the VR (PS3.6) of every attribute it lists. The VR is kept because an Implicit VR file does not
 * carry it, and a dummy value must be consistent with it.
 */
public final class ProfileTable {

    /** One row: the attribute's tag, its VR in PS3.6, the table's action and the PS3.6 keyword. */
    public record Entry(int tag, VR vr, ProfileAction action, String keyword) {
    }

    private static final ProfileTable BASIC = load("basic-profile.txt");

    private final Map<Integer, Entry> entries;
    /** Repeating groups (50xx curves, 60xx overlays): key is group base << 16 | element, element -1 for any. */
    private final Map<Long, Entry> repeating;

    private ProfileTable(Map<Integer, Entry> entries, Map<Long, Entry> repeating) {
        this.entries = entries;
        this.repeating = repeating;
    }

    public static ProfileTable basic() {
        return BASIC;
    }

    /** The row for {@code tag}, or null when the table does not list it. */
    public Entry entry(int tag) {
        Entry entry = entries.get(tag);
        if (entry != null) {
            return entry;
        }
        int group = tag >>> 16;
        // PS3.5 7.6: repeating groups are the even groups 5000-501E and 6000-601E
        if ((group & 0xFF01) == 0x5000 || (group & 0xFF01) == 0x6000) {
            long base = (long) (group & 0xFF00);
            Entry exact = repeating.get((base << 16) | (tag & 0xFFFF));
            return exact != null ? exact : repeating.get((base << 16) | 0xFFFF_0000_0000L);
        }
        return null;
    }

    public int size() {
        return entries.size() + repeating.size();
    }

    private static ProfileTable load(String resource) {
        Map<Integer, Entry> entries = new HashMap<>();
        Map<Long, Entry> repeating = new HashMap<>();
        try (InputStream in = ProfileTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                String group = f[0].substring(1, 5);
                String element = f[0].substring(6, 10);
                ProfileAction action = ProfileAction.ofWord(f[2]);
                VR vr = VR.valueOf(f[1]);
                if (group.endsWith("xx")) {
                    long base = Long.parseLong(group.substring(0, 2) + "00", 16);
                    long key = element.equals("xxxx") ? (base << 16) | 0xFFFF_0000_0000L
                            : (base << 16) | Long.parseLong(element, 16);
                    repeating.put(key, new Entry(-1, vr, action, f[3]));
                } else {
                    int tag = (int) Long.parseLong(group + element, 16);
                    entries.put(tag, new Entry(tag, vr, action, f[3]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProfileTable(Map.copyOf(entries), Map.copyOf(repeating));
    }
}
