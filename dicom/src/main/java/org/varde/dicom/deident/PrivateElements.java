package org.varde.dicom.deident;

import org.varde.dicom.data.Attributes;
import org.varde.dicom.data.Tag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Private elements (PS3.5 7.8): all removed (PS3.15 E.1.1, Basic Profile), except those named in
 * the catalogue by creator and element (Retain Safe Private Option); a creator stays only while an
 * element of its block stays. Odd groups below 0009 and FFFF are not private (PS3.5 7.8.1) and go too.
 */
final class PrivateElements {
    private PrivateElements() {
    }

    /** @param cleanItem cleans the items of a kept private sequence with the full profile */
    static void clean(Attributes ds, Set<PrivateElementKey> keep, Consumer<Attributes> cleanItem) {
        Set<Integer> keptBlocks = new HashSet<>();
        for (int tag : Deidentifier.tags(ds)) {
            if (!Tag.isPrivate(tag) || Tag.isPrivateCreator(tag)) {
                continue;
            }
            int group = Tag.group(tag);
            int element = Tag.element(tag);
            int creatorTag = (group << 16) | (element >>> 8);
            String creator = group >= 0x0009 && group < 0xFFFF && element > 0xFF ? ds.getString(creatorTag) : null;
            if (creator != null && keep.contains(new PrivateElementKey(creator, group, element & 0xFF))) {
                keptBlocks.add(creatorTag);
                List<Attributes> items = ds.getSequence(tag);
                if (items != null) {
                    items.forEach(cleanItem);
                }
            } else {
                ds.remove(tag);
            }
        }
        for (int tag : Deidentifier.tags(ds)) {
            if (Tag.isPrivateCreator(tag) && !keptBlocks.contains(tag)) {
                ds.remove(tag);
            }
        }
    }
}
