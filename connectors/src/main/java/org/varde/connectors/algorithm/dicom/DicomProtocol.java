package org.varde.connectors.algorithm.dicom;

import org.varde.connectors.algorithm.AdapterEnvironment;
import org.varde.connectors.algorithm.AlgorithmAdapter;
import org.varde.connectors.algorithm.AlgorithmEndpoint;
import org.varde.connectors.algorithm.AlgorithmProtocol;
import org.varde.connectors.config.ConfigBlock;
import org.varde.connectors.config.ConfigBlockException;

import org.varde.dicom.tls.TlsConfigException;
import org.varde.dicom.tls.TlsSettings;
import org.varde.dicom.tls.TlsSettingsReader;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DICOM (PS3.7, PS3.8): C-STORE of the selected series to the vendor's storage SCP. Its catalogue block:
 * <pre>
 * endpoint:
 *   protocol: dicom
 *   host: ai.vendor.example
 *   port: 11112
 *   aeTitle: LUNGAI
 *   tls:                      # optional: DICOM over TLS (PS3.15 B.10 / B.12)
 *     trustedCertificates: vendor-ca.pem
 *     certificate: varde-client.pem
 *     key: varde-client.key
 * </pre>
 * Each setting is read by its own method, so a new one (a {@code tls:} block) is one more method and
 * one more component of {@link DicomEndpoint}.
 */
public final class DicomProtocol implements AlgorithmProtocol {
    public static final String NAME = "dicom";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AlgorithmEndpoint readEndpoint(ConfigBlock block) throws ConfigBlockException {
        DicomEndpoint endpoint = new DicomEndpoint(block.requiredText("host"), block.requiredInteger("port", 1, 65535),
                aeTitle(block, "aeTitle"), tls(block));
        block.refuseUnknownKeys();
        return endpoint;
    }

    @Override
    public Optional<AlgorithmAdapter> adapter(AdapterEnvironment environment) {
        return Optional.of(new DicomAlgorithmAdapter(environment.vertx(), environment.callingAeTitle()));
    }

    /** The {@code tls:} block, read as the listener's is (one reader for every TLS block), or null. */
    public static TlsSettings tls(ConfigBlock block) throws ConfigBlockException {
        Map<String, Object> tls = block.plainMapping("tls");
        if (tls == null) {
            return null;
        }
        try {
            return TlsSettingsReader.read(tls, block.keyPath("tls"), block.baseDir(), TlsSettingsReader.Side.CLIENT,
                    Set.of());
        } catch (TlsConfigException e) {
            throw new ConfigBlockException(e.key(), e.getMessage());
        }
    }

    /** PS3.5 6.2: AE is 1..16 characters of the default repertoire, no backslash, no control characters. */
    public static String aeTitle(ConfigBlock block, String key) throws ConfigBlockException {
        String aeTitle = block.requiredText(key);
        boolean printable = aeTitle.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && c != '\\');
        if (aeTitle.length() > 16 || !printable) {
            throw block.problem(key, "must be an AE title of 1..16 printable characters without backslash, was \""
                    + aeTitle + "\"");
        }
        return aeTitle;
    }
}
