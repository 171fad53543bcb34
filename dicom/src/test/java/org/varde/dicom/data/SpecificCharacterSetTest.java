package org.varde.dicom.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names decoded as PS3.5 Annex H-K show them, read from the wire, not set through the API. */
class SpecificCharacterSetTest {

    private static final byte ESC = 0x1B;

    private static Attributes readName(String charsets, byte[] name) throws IOException {
        Bytes b = new Bytes();
        byte[] cs = charsets.getBytes(StandardCharsets.US_ASCII);
        int csLength = cs.length + (cs.length & 1);
        b.tag(Tag.SpecificCharacterSet).ascii("CS").u16(csLength).raw(cs);
        if ((cs.length & 1) != 0) {
            b.ascii(" ");
        }
        int nameLength = name.length + (name.length & 1);
        b.tag(Tag.PatientName).ascii("PN").u16(nameLength).raw(name);
        if ((name.length & 1) != 0) {
            b.ascii(" ");
        }
        return Codec.decode(b.toArray(), TransferSyntax.EXPLICIT_LE);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void latin1() throws IOException {
        Attributes ds = readName("ISO_IR 100", "Ærøy^Åse".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Ærøy^Åse", ds.getString(Tag.PatientName));
    }

    @Test
    void utf8WithThreeComponentGroups() throws IOException {
        Attributes ds = readName("ISO_IR 192", "Wang^XiaoDong=王^小東=".getBytes(StandardCharsets.UTF_8));
        assertEquals("Wang^XiaoDong=王^小東=", ds.getString(Tag.PatientName));
    }

    @Test
    void gb18030() throws IOException {
        Attributes ds = readName("GB18030", "Wang^XiaoDong=王^小东=".getBytes(Charset.forName("GB18030")));
        assertEquals("Wang^XiaoDong=王^小东=", ds.getString(Tag.PatientName));
    }

    @Test
    void cyrillicAndTurkish() throws IOException {
        assertEquals("Люкceмбypг", readName("ISO_IR 144", "Люкceмбypг".getBytes(Charset.forName("ISO-8859-5")))
                .getString(Tag.PatientName));
        assertEquals("Çağlar^Şükrü", readName("ISO_IR 148", "Çağlar^Şükrü".getBytes(Charset.forName("ISO-8859-9")))
                .getString(Tag.PatientName));
    }

    @Test
    void iso2022Latin1WithAndWithoutEscapes() throws IOException {
        byte[] latin = "Ærøy".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Ærøy^Åse", readName("ISO 2022 IR 100", concat(latin, "^Åse".getBytes(StandardCharsets.ISO_8859_1)))
                .getString(Tag.PatientName));
        // PS3.5 6.1.2.5: G1 designated by ESC 2/13 4/1 (ISO-IR 100) after starting in ASCII
        byte[] withEscape = concat(ascii("Hansen^"), new byte[] {ESC, '-', 'A'}, "Bjørn".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Hansen^Bjørn", readName("ISO 2022 IR 6\\ISO 2022 IR 100", withEscape).getString(Tag.PatientName));
    }

    @Test
    void iso2022JapaneseAsInPs35AnnexH() throws IOException {
        Charset jis = Charset.forName("ISO-2022-JP");
        byte[] name = concat(ascii("Yamada^Tarou="), "山田".getBytes(jis), ascii("^"), "太郎".getBytes(jis), ascii("="),
                "やまだ".getBytes(jis), ascii("^"), "たろう".getBytes(jis));
        Attributes ds = readName("\\ISO 2022 IR 87", name);
        assertEquals("Yamada^Tarou=山田^太郎=やまだ^たろう", ds.getString(Tag.PatientName));
    }

    @Test
    void iso2022KoreanAsInPs35AnnexI() throws IOException {
        Charset euc = Charset.forName("EUC-KR");
        byte[] designate = {ESC, '$', ')', 'C'};
        byte[] name = concat(ascii("Hong^Gildong="), designate, "洪".getBytes(euc), ascii("^"), designate,
                "吉洞".getBytes(euc), ascii("="), designate, "홍".getBytes(euc), ascii("^"), designate,
                "길동".getBytes(euc));
        Attributes ds = readName("\\ISO 2022 IR 149", name);
        assertEquals("Hong^Gildong=洪^吉洞=홍^길동", ds.getString(Tag.PatientName));
    }

    @Test
    void unknownCharacterSetFallsBackWithoutFailing() throws IOException {
        Attributes ds = readName("ISO_IR 999", "Ærø".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Ærø", ds.getString(Tag.PatientName));
    }

    @Test
    void valuesSetInUtf8AreWrittenInUtf8() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.PatientName, VR.PN, "Ødegård^Åsmund");
        byte[] bytes = ds.getBytes(Tag.PatientName);
        assertEquals("Ødegård^Åsmund", new String(bytes, StandardCharsets.UTF_8).trim());
        assertEquals("Ødegård^Åsmund", Codec.roundTrip(ds, TransferSyntax.EXPLICIT_LE, false)
                .getString(Tag.PatientName));
    }
}
