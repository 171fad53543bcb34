package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random data sets of every VR, nested sequences, odd lengths and fragments must read back equal. */
class DataSetPropertiesTest {

    private static final int MAX_DEPTH = 3;

    /** One generated element; value is String[] (text), byte[] (binary), List of items, or fragments. */
    record Element(int tag, VR vr, Object value) {
    }

    record Case(TransferSyntax ts, boolean undefinedLengths, List<Element> elements) {
        Attributes build() {
            Attributes ds = new Attributes();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            fill(ds, elements);
            return ds;
        }

        @Override
        public String toString() {
            return ts + " undefined=" + undefinedLengths + " " + build();
        }
    }

    @SuppressWarnings("unchecked")
    private static void fill(Attributes ds, List<Element> elements) {
        for (Element e : elements) {
            if (e.value instanceof String[]) {
                ds.setString(e.tag, e.vr, (String[]) e.value);
            } else if (e.value instanceof byte[]) {
                ds.setBytes(e.tag, e.vr, (byte[]) e.value);
            } else if (e.vr == VR.SQ) {
                List<Attributes> items = ds.newSequence(e.tag);
                for (List<Element> item : (List<List<Element>>) e.value) {
                    Attributes a = new Attributes();
                    items.add(a);
                    fill(a, item);
                }
            } else {
                ds.setFragments(e.tag, e.vr, (List<byte[]>) e.value);
            }
        }
    }

    /** What the reader must return: the writer pads odd values and fragments to even length. */
    static Attributes evenPadded(Attributes ds) {
        Attributes copy = new Attributes();
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            byte[] bytes = ds.bytesAt(i);
            if (bytes != null) {
                copy.setBytes(tag, vr, bytes.length % 2 == 0 ? bytes : pad(bytes, vr.paddingByte()));
            } else if (ds.getSequence(tag) != null) {
                List<Attributes> items = copy.newSequence(tag);
                for (Attributes item : ds.getSequence(tag)) {
                    items.add(evenPadded(item));
                }
            } else {
                List<byte[]> fragments = new ArrayList<>();
                for (byte[] f : ds.getFragments(tag)) {
                    fragments.add(f.length % 2 == 0 ? f : pad(f, (byte) 0));
                }
                copy.setFragments(tag, vr, fragments);
            }
        }
        return copy;
    }

    private static byte[] pad(byte[] bytes, byte pad) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = pad;
        return out;
    }

    @Property(tries = 300)
    void randomDataSetsReadBackEqual(@ForAll("cases") Case c) throws IOException {
        Attributes written = c.build();
        byte[] bytes = Codec.encode(written, c.ts, c.undefinedLengths);
        Attributes expected = evenPadded(written);
        assertEquals(expected, Codec.decode(bytes, c.ts));
        assertEquals(expected, Codec.decodeWithoutLimit(bytes, c.ts));
    }

    @Property(tries = 100)
    void readingUntilPixelDataReturnsEverythingBeforeIt(@ForAll("cases") Case c) throws IOException {
        Attributes written = c.build();
        byte[] bytes = Codec.encode(written, c.ts, c.undefinedLengths);
        Attributes header;
        try (DicomReader reader = new DicomReader(new ByteArrayInputStream(bytes), c.ts)) {
            header = reader.readDataSetUntil(Tag.PixelData);
        }
        Attributes expected = evenPadded(written);
        for (int tag : written) {
            if (Integer.compareUnsigned(tag, Tag.PixelData) >= 0) {
                expected.remove(tag);
                assertFalse(header.contains(tag));
            }
        }
        assertEquals(expected, header);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(Codec.NATIVE).flatMap(ts -> Combinators.combine(Arbitraries.just(ts),
                Arbitraries.of(true, false), elements(ts.explicitVR(), 0, true)).as(Case::new));
    }

    private Arbitrary<List<Element>> elements(boolean explicit, int depth, boolean topLevel) {
        Arbitrary<Element> element = explicit ? explicitElement(depth) : implicitElement(depth);
        Arbitrary<List<Element>> list = element.list().ofMaxSize(depth == 0 ? 12 : 4).uniqueElements(Element::tag);
        if (!topLevel) {
            return list;
        }
        Arbitrary<List<byte[]>> fragments = bytes(0, 40).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(list, fragments, Arbitraries.of(true, false)).as((l, f, withPixels) -> {
            List<Element> all = new ArrayList<>(l);
            if (withPixels) {
                all.add(new Element(Tag.PixelData, VR.OB, f));
            }
            return all;
        });
    }

    /** Explicit VR: private tags with any VR, so every VR appears whatever the dictionary says. */
    private Arbitrary<Element> explicitElement(int depth) {
        Arbitrary<Integer> tags = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0x1000, 0x10FF)).as((g, e) -> ((0x0009 + 2 * g) << 16) | e);
        List<VR> vrs = new ArrayList<>(Arrays.asList(VR.values()));
        if (depth >= MAX_DEPTH) {
            vrs.remove(VR.SQ);
        }
        return Combinators.combine(tags, Arbitraries.of(vrs)).flatAs((tag, vr) -> value(tag, vr, true, depth));
    }

    /** Implicit VR: the VR comes from the dictionary, so use its attributes (and private UN). */
    private Arbitrary<Element> implicitElement(int depth) {
        List<Integer> tags = new ArrayList<>();
        for (Field field : Tag.class.getFields()) {
            try {
                int tag = field.getInt(null);
                int group = Tag.group(tag);
                VR vr = ElementDictionary.vrOf(tag);
                boolean usable = group > 0x0002 && group < 0x7FE0 && tag != Tag.SpecificCharacterSet
                        && (vr != VR.SQ || depth < MAX_DEPTH);
                if (usable) {
                    tags.add(tag);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        tags.add(0x00091010);
        tags.add(0x00111020);
        return Arbitraries.of(tags).flatMap(tag -> value(tag, ElementDictionary.vrOf(tag), false, depth));
    }

    private Arbitrary<Element> value(int tag, VR vr, boolean explicit, int depth) {
        if (vr == VR.SQ) {
            return elements(explicit, depth + 1, false).list().ofMaxSize(3)
                    .map(items -> new Element(tag, vr, items));
        }
        if (vr.isText()) {
            return text(vr).map(values -> new Element(tag, vr, values));
        }
        int width = vr == VR.AT ? 4 : vr.bytesPerValue();
        int maxValues = vr.hasLongExplicitLength() ? 200 : 40;
        // byte streams (OB, UN) get odd lengths too; the writer must pad them
        return Arbitraries.integers().between(0, maxValues).flatMap(n -> bytes(n * width, n * width))
                .map(b -> new Element(tag, vr, b));
    }

    private static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    private static Arbitrary<String[]> text(VR vr) {
        Arbitrary<String> one;
        if (vr == VR.UI) {
            one = Arbitraries.strings().withChars("0123456789.").ofMinLength(1).ofMaxLength(20);
        } else if (vr.usesSpecificCharacterSet()) {
            one = Arbitraries.strings().withChars("abcXYZ ^=æøåÆØÅéü漢字カナ한글").ofMaxLength(20);
        } else {
            one = Arbitraries.strings().withChars("ABC019 +-.:").ofMaxLength(12);
        }
        int maxValues = vr.isSingleValuedText() ? 1 : 4;
        return one.array(String[].class).ofMinSize(1).ofMaxSize(maxValues);
    }
}
