package org.varde.gateway.config;

import java.nio.file.Path;
import java.util.List;

/** The whole configuration of one gateway, validated. */
public record GatewayConfig(DicomSettings dicom, HttpSettings http, StorageSettings storage, StoreSettings store) {

    /** Defaults with a storage folder, ephemeral ports and the given API tokens: what tests start from. */
    public static GatewayConfig forTests(Path storageDir, List<String> apiTokens) {
        StorageSettings storage = new StorageSettings(storageDir.toAbsolutePath(), true);
        return new GatewayConfig(
                new DicomSettings("VARDE", "127.0.0.1", 0, 64, List.of(), ConfigLoader.DEFAULT_MAX_PDU_LENGTH, List.of()),
                new HttpSettings("127.0.0.1", 0, apiTokens),
                storage,
                new StoreSettings(StoreSettings.embeddedUrl(storage), "sa", ""));
    }

    public GatewayConfig withDicom(DicomSettings newDicom) {
        return new GatewayConfig(newDicom, http, storage, store);
    }

    public GatewayConfig withHttp(HttpSettings newHttp) {
        return new GatewayConfig(dicom, newHttp, storage, store);
    }

    /** Moves storage elsewhere; an embedded journal database moves with it, an external one stays. */
    public GatewayConfig withStorageDir(Path dir) {
        StorageSettings moved = new StorageSettings(dir.toAbsolutePath().normalize(), storage.fsync());
        boolean embedded = store.url().equals(StoreSettings.embeddedUrl(storage));
        StoreSettings newStore = embedded ? new StoreSettings(StoreSettings.embeddedUrl(moved), store.user(),
                store.password()) : store;
        return new GatewayConfig(dicom, http, moved, newStore);
    }
}
