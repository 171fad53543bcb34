package org.varde.dicom.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A data set (or a sequence item): elements in ascending tag order. Values are kept as their
 * little-endian wire bytes, so reading and writing never change them; strings are decoded on demand
 * with the Specific Character Set of this data set or, for an item without one, of its parent
 * (PS3.5 7.5.3).
 */
public final class Attributes implements Iterable<Integer> {

    private static final int[] NO_TAGS = new int[0];
    private static final VR[] NO_VRS = new VR[0];
    private static final Object[] NO_VALUES = new Object[0];

    private Attributes parent;
    private int[] tags = NO_TAGS;
    private VR[] vrs = NO_VRS;
    // byte[] for a plain value, Sequence for SQ, Fragments for encapsulated pixel data
    private Object[] values = NO_VALUES;
    private int size;

    public Attributes() {
    }

    /** An item nested in {@code parent}: it inherits the parent's Specific Character Set. */
    public Attributes(Attributes parent) {
        this.parent = parent;
    }

    public Attributes parent() {
        return parent;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    public VR getVR(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The tags in ascending (unsigned) order. */
    @Override
    public Iterator<Integer> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Integer next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return tags[next++];
            }
        };
    }

    // ---- reading values

    /** First value, decoded with the Specific Character Set; null when absent or empty. */
    public String getString(int tag) {
        String[] values = getStrings(tag);
        return values == null || values.length == 0 || values[0].isEmpty() ? null : values[0];
    }

    public String getString(int tag, String dflt) {
        String value = getString(tag);
        return value != null ? value : dflt;
    }

    /**
     * All values. Text is split at backslashes (except LT, ST, UT, UR, PS3.5 6.4) and trimmed as PS3.5
     * 6.2 allows; binary values are given in decimal, AT as "(gggg,eeee)". Null when absent or not a
     * plain value (SQ, fragments).
     */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[] || values[i] instanceof String)) {
            return null;
        }
        VR vr = vrs[i];
        if (values[i] instanceof String) {
            return ValueFormat.splitText(vr, (String) values[i]);
        }
        byte[] bytes = (byte[]) values[i];
        if (vr.isText()) {
            return textValues(vr, bytes);
        }
        return ValueFormat.binaryValues(vr, bytes);
    }

    private String[] textValues(VR vr, byte[] bytes) {
        String text = vr.usesSpecificCharacterSet()
                ? specificCharacterSet().decode(bytes, vr == VR.PN)
                : SpecificCharacterSet.ASCII.decode(bytes, false);
        return ValueFormat.splitText(vr, text);
    }

    /** First value as an int: binary integers, AT (as gggg << 16 | eeee) or IS/DS text. */
    public int getInt(int tag, int dflt) {
        int i = indexOf(tag);
        byte[] bytes = i < 0 ? null : bytesAt(i);
        if (bytes == null) {
            return dflt;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        VR vr = vrs[i];
        try {
            switch (vr) {
                case US: case OW:
                    return bytes.length >= 2 ? buffer.getShort() & 0xFFFF : dflt;
                case SS:
                    return bytes.length >= 2 ? buffer.getShort() : dflt;
                case UL: case SL: case OL:
                    return bytes.length >= 4 ? buffer.getInt() : dflt;
                case AT:
                    return bytes.length >= 4 ? ((buffer.getShort() & 0xFFFF) << 16) | (buffer.getShort() & 0xFFFF) : dflt;
                case SV: case UV: case OV:
                    return bytes.length >= 8 ? (int) buffer.getLong() : dflt;
                case FL: case FD: case OF: case OD:
                    double d = getDouble(tag, Double.NaN);
                    return Double.isNaN(d) ? dflt : (int) d;
                default:
                    String s = getString(tag);
                    return s == null ? dflt : (int) Math.round(Double.parseDouble(s));
            }
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** First value as a double: FL, FD, DS, IS or binary integers. */
    public double getDouble(int tag, double dflt) {
        int i = indexOf(tag);
        byte[] bytes = i < 0 ? null : bytesAt(i);
        if (bytes == null) {
            return dflt;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (vrs[i]) {
            case FL: case OF:
                return bytes.length >= 4 ? buffer.getFloat() : dflt;
            case FD: case OD:
                return bytes.length >= 8 ? buffer.getDouble() : dflt;
            case DS: case IS: {
                String s = getString(tag);
                try {
                    return s == null ? dflt : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return dflt;
                }
            }
            default:
                return bytes.length < Math.max(2, vrs[i].bytesPerValue()) ? dflt : getInt(tag, 0);
        }
    }

    /** The raw little-endian value bytes (text still encoded, padding included); null if absent. */
    public byte[] getBytes(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : bytesAt(i);
    }

    /** The wire bytes of a plain value, encoding pending text now; null for SQ and fragments. */
    byte[] bytesAt(int i) {
        Object value = values[i];
        if (value instanceof String) {
            return padded(specificCharacterSet().encode((String) value), vrs[i].paddingByte());
        }
        return value instanceof byte[] ? (byte[]) value : null;
    }

    /** The items of a sequence, null when absent or not a sequence. The list is live. */
    public List<Attributes> getSequence(int tag) {
        int i = indexOf(tag);
        return i >= 0 && values[i] instanceof Sequence ? ((Sequence) values[i]).items : null;
    }

    /**
     * Encapsulated pixel data (PS3.5 A.4): item 0 is the Basic Offset Table, then the fragments,
     * byte for byte as read. Null when the element is absent or not encapsulated.
     */
    public List<byte[]> getFragments(int tag) {
        int i = indexOf(tag);
        return i >= 0 && values[i] instanceof Fragments ? ((Fragments) values[i]).items : null;
    }

    // ---- setting values

    /**
     * Text values joined with backslashes, encoded with this data set's Specific Character Set for
     * the VRs it applies to, padded to even length (PS3.5 6.2: UI with NUL, others with space).
     */
    public Attributes setString(int tag, VR vr, String... values) {
        String joined = String.join("\\", values);
        if (vr.usesSpecificCharacterSet()) {
            // encoded when written or asked for: an item gets its parent's character set only once
            // it is added to a sequence, which is usually after its values were set
            return put(tag, vr, joined);
        }
        return put(tag, vr, padded(joined.getBytes(StandardCharsets.ISO_8859_1), vr.paddingByte()));
    }

    /** Integers as binary (US, UL, SS, SL, SV, UV, AT as gggg << 16 | eeee) or as IS/DS text. */
    public Attributes setInt(int tag, VR vr, int... values) {
        if (vr.isText()) {
            String[] text = new String[values.length];
            for (int k = 0; k < values.length; k++) {
                text[k] = Integer.toString(values[k]);
            }
            return setString(tag, vr, text);
        }
        return put(tag, vr, ValueFormat.encodeInts(vr, values));
    }

    /** Floating point values as binary (FL, FD, OF, OD) or as DS text. */
    public Attributes setDouble(int tag, VR vr, double... values) {
        if (vr.isText()) {
            String[] text = new String[values.length];
            for (int k = 0; k < values.length; k++) {
                text[k] = DecimalString.format(values[k]);
            }
            return setString(tag, vr, text);
        }
        return put(tag, vr, ValueFormat.encodeDoubles(vr, values));
    }

    /** Raw little-endian value bytes, kept as given (the writer pads an odd length). */
    public Attributes setBytes(int tag, VR vr, byte[] value) {
        return put(tag, vr, Objects.requireNonNull(value, "value"));
    }

    /** Creates (or replaces) a sequence and returns its mutable item list. */
    public List<Attributes> newSequence(int tag) {
        Sequence sequence = new Sequence(this);
        put(tag, VR.SQ, sequence);
        return sequence.items;
    }

    /** Encapsulated pixel data: item 0 is the Basic Offset Table (may be empty), then the fragments. */
    public Attributes setFragments(int tag, VR vr, List<byte[]> fragments) {
        return put(tag, vr, new Fragments(new ArrayList<>(fragments)));
    }

    public Attributes remove(int tag) {
        int i = indexOf(tag);
        if (i >= 0) {
            System.arraycopy(tags, i + 1, tags, i, size - i - 1);
            System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
            System.arraycopy(values, i + 1, values, i, size - i - 1);
            size--;
            values[size] = null;
        }
        return this;
    }

    /** A new top-level data set with the same elements; values and items are shared, not copied. */
    static Attributes shallowCopy(Attributes source) {
        Attributes copy = new Attributes(source.parent);
        copy.tags = Arrays.copyOf(source.tags, source.size);
        copy.vrs = Arrays.copyOf(source.vrs, source.size);
        copy.values = Arrays.copyOf(source.values, source.size);
        copy.size = source.size;
        return copy;
    }

    // ---- package-private access for the reader and writer

    Object valueAt(int index) {
        return values[index];
    }

    int tagAt(int index) {
        return tags[index];
    }

    VR vrAt(int index) {
        return vrs[index];
    }

    /** Adds a sequence read from a stream; the items are attached to this data set. */
    List<Attributes> putSequence(int tag, List<Attributes> items) {
        Sequence sequence = new Sequence(this);
        for (Attributes item : items) {
            item.parent = this;
            sequence.items.add(item);
        }
        put(tag, VR.SQ, sequence);
        return sequence.items;
    }

    SpecificCharacterSet specificCharacterSet() {
        for (Attributes a = this; a != null; a = a.parent) {
            int i = a.indexOf(Tag.SpecificCharacterSet);
            if (i >= 0) {
                return SpecificCharacterSet.of(a.getStrings(Tag.SpecificCharacterSet));
            }
        }
        return SpecificCharacterSet.ASCII;
    }

    private Attributes put(int tag, VR vr, Object value) {
        Objects.requireNonNull(vr, "vr");
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
            return this;
        }
        int at = -i - 1;
        if (size == tags.length) {
            int capacity = Math.max(8, size * 2);
            tags = Arrays.copyOf(tags, capacity);
            vrs = Arrays.copyOf(vrs, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        System.arraycopy(tags, at, tags, at + 1, size - at);
        System.arraycopy(vrs, at, vrs, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
        return this;
    }

    /** Binary search in unsigned tag order, with a fast path for appending in order while reading. */
    private int indexOf(int tag) {
        if (size > 0 && Integer.compareUnsigned(tag, tags[size - 1]) > 0) {
            return -size - 1;
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Integer.compareUnsigned(tags[mid], tag);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
    }

    private static byte[] padded(byte[] bytes, byte pad) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = pad;
        return out;
    }

    // ---- equality: same tags, VRs and value bytes, recursively

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attributes)) {
            return false;
        }
        Attributes other = (Attributes) o;
        if (size != other.size) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            Object mine = values[k] instanceof String ? bytesAt(k) : values[k];
            Object theirs = other.values[k] instanceof String ? other.bytesAt(k) : other.values[k];
            if (tags[k] != other.tags[k] || vrs[k] != other.vrs[k] || !valueEquals(mine, theirs)) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueEquals(Object a, Object b) {
        if (a instanceof byte[] && b instanceof byte[]) {
            return Arrays.equals((byte[]) a, (byte[]) b);
        }
        if (a instanceof Sequence && b instanceof Sequence) {
            return ((Sequence) a).items.equals(((Sequence) b).items);
        }
        if (a instanceof Fragments && b instanceof Fragments) {
            List<byte[]> x = ((Fragments) a).items;
            List<byte[]> y = ((Fragments) b).items;
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!Arrays.equals(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int k = 0; k < size; k++) {
            h = 31 * h + tags[k];
        }
        return h;
    }

    /** A short dump, one element per line; values of PN/LO etc. are included, so never log it at INFO. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb, "");
        return sb.toString();
    }

    private void appendTo(StringBuilder sb, String indent) {
        for (int k = 0; k < size; k++) {
            sb.append(indent).append(Tag.toString(tags[k])).append(' ').append(vrs[k]);
            Object v = values[k];
            if (v instanceof Sequence) {
                List<Attributes> items = ((Sequence) v).items;
                sb.append(" (").append(items.size()).append(" items)\n");
                for (Attributes item : items) {
                    sb.append(indent).append("  item\n");
                    item.appendTo(sb, indent + "    ");
                }
            } else if (v instanceof Fragments) {
                sb.append(" (").append(((Fragments) v).items.size()).append(" fragments)\n");
            } else {
                byte[] bytes = bytesAt(k);
                String[] s = getStrings(tags[k]);
                sb.append(" #").append(bytes.length).append(' ');
                sb.append(s == null ? "" : String.join("\\", Arrays.copyOf(s, Math.min(s.length, 16))));
                sb.append('\n');
            }
        }
    }

    /** The items of an SQ element; each item's parent is the data set holding the sequence. */
    static final class Sequence {
        final List<Attributes> items;

        Sequence(Attributes owner) {
            this.items = new ItemList(owner);
        }
    }

    /** Encapsulated pixel data: the Basic Offset Table and the fragments (PS3.5 A.4). */
    static final class Fragments {
        final List<byte[]> items;

        Fragments(List<byte[]> items) {
            this.items = items;
        }
    }

    /** An item list that attaches added items to the data set that owns the sequence. */
    private static final class ItemList extends ArrayList<Attributes> {
        private static final long serialVersionUID = 1L;
        private final transient Attributes owner;

        ItemList(Attributes owner) {
            this.owner = owner;
        }

        @Override
        public boolean add(Attributes item) {
            item.parent = owner;
            return super.add(item);
        }

        @Override
        public void add(int index, Attributes item) {
            item.parent = owner;
            super.add(index, item);
        }
    }
}
