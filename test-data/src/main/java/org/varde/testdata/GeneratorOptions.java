package org.varde.testdata;

import java.util.Objects;

/**
 * What to generate.
 *
 * @param kind           the kind of study
 * @param studies        how many studies (at least 1)
 * @param seed           every UID, name and pixel follows from it: the same seed writes the same files
 * @param slicesOrImages images in the kind's main series (CT: thin slices, MR: slices per sequence,
 *                       radiographs: number of views); 0 = the kind's default
 * @param matrix         rows and columns of every image; 0 = the kind's default
 * @param plant          the finding to plant in the pixels, with its ground truth beside each study;
 *                       null plants nothing and writes no ground truth
 * @param ages           the patients' ages; null: the kind's own population
 */
public record GeneratorOptions(StudyKind kind, int studies, long seed, int slicesOrImages, int matrix,
                               PlantOptions plant, AgeRange ages) {

    /** Largest matrix accepted: a 16-bit image of this size is 32 MiB, one byte array. */
    public static final int MAX_MATRIX = 4096;
    /** Largest image count per series accepted. */
    public static final int MAX_IMAGES = 5000;

    public GeneratorOptions {
        Objects.requireNonNull(kind, "kind");
        if (studies < 1) {
            throw new IllegalArgumentException("studies must be at least 1, was " + studies);
        }
        if (slicesOrImages < 0 || slicesOrImages > MAX_IMAGES) {
            throw new IllegalArgumentException("slicesOrImages must be 0 (default) to " + MAX_IMAGES + ", was " + slicesOrImages);
        }
        // a matrix below 8 would make no useful image; 0 means the kind's default
        if (matrix != 0 && (matrix < 8 || matrix > MAX_MATRIX)) {
            throw new IllegalArgumentException("matrix must be 0 (default) or 8 to " + MAX_MATRIX + ", was " + matrix);
        }
        if (plant != null && !plant.finding().fits(kind)) {
            throw new IllegalArgumentException(plant.finding().cliName() + " is planted in "
                    + plant.finding().kind().cliName() + " studies, not " + kind.cliName());
        }
    }

    /** The kind's own population. */
    public GeneratorOptions(StudyKind kind, int studies, long seed, int slicesOrImages, int matrix,
                            PlantOptions plant) {
        this(kind, studies, seed, slicesOrImages, matrix, plant, null);
    }

    /** Nothing planted, the kind's own population. */
    public GeneratorOptions(StudyKind kind, int studies, long seed, int slicesOrImages, int matrix) {
        this(kind, studies, seed, slicesOrImages, matrix, null, null);
    }

    /** The same options with {@code plantOrNull} planted. */
    public GeneratorOptions planting(PlantOptions plantOrNull) {
        return new GeneratorOptions(kind, studies, seed, slicesOrImages, matrix, plantOrNull, ages);
    }

    /** The same options with patients of these ages (null: the kind's own population). */
    public GeneratorOptions aged(AgeRange agesOrNull) {
        return new GeneratorOptions(kind, studies, seed, slicesOrImages, matrix, plant, agesOrNull);
    }

    /** The kind's defaults for everything but kind, study count and seed. */
    public static GeneratorOptions defaults(StudyKind kind, int studies, long seed) {
        return new GeneratorOptions(kind, studies, seed, 0, 0);
    }

    int imagesOr(int kindDefault) {
        return slicesOrImages == 0 ? kindDefault : slicesOrImages;
    }

    AgeRange agesOr(ExaminationProfile kindDefault) {
        return ages == null ? new AgeRange(kindDefault.minAge(), kindDefault.maxAge()) : ages;
    }

    int matrixOr(int kindDefault) {
        return matrix == 0 ? kindDefault : matrix;
    }
}
