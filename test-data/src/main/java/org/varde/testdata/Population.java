package org.varde.testdata;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/** Draws synthetic patients and staff with Norwegian and Danish names (UTF-8 in the files). */
final class Population {

    private static final List<String> FAMILY_NAMES = List.of(
            "Ødegård", "Bærentsen", "Sæther", "Kjærgaard", "Løvås", "Hægeland", "Åsheim", "Grønvold",
            "Brøndsted", "Mørch", "Sørensen", "Nygård", "Bækgaard", "Tønnesen", "Kvåle", "Fosså",
            "Østergaard", "Lærum", "Sjøberg", "Haugland", "Dahl", "Rasmussen", "Jæger", "Bråten");
    private static final List<String> FEMALE_GIVEN_NAMES = List.of(
            "Åse", "Ingrid", "Sølvi", "Kari", "Bjørg", "Mette", "Signe", "Åshild", "Dorthe", "Birgitte",
            "Ragnhild", "Tove", "Liv", "Gunnvør", "Gro", "Solveig");
    private static final List<String> MALE_GIVEN_NAMES = List.of(
            "Søren", "Bjørn", "Øystein", "Håkon", "Jørgen", "Nils", "Ove", "Pål", "Kåre", "Asbjørn",
            "Mads", "Rasmus", "Torbjørn", "Steinar", "Ørjan", "Jens");
    private static final List<String> PHYSICIANS = List.of(
            "Brækhus^Eirik", "Holmgård^Siri", "Løkken^Anders", "Skjønsberg^Hanne",
            "Frølich^Mette", "Aasgård^Trond");

    private Population() {
    }

    /** A patient aged {@code minAge}..{@code maxAge} years on {@code studyDate}. */
    static SyntheticPatient patient(SplittableRandom random, int minAge, int maxAge, LocalDate studyDate) {
        boolean female = random.nextBoolean();
        String given = pick(random, female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
        String name = pick(random, FAMILY_NAMES) + "^" + given;
        // birthday anywhere in the year before the age is reached, so the age is exactly as drawn
        int age = random.nextInt(minAge, maxAge + 1);
        LocalDate birthDate = studyDate.minusYears(age).minusDays(random.nextInt(0, 365));
        return new SyntheticPatient(name, syntheticId(random), birthDate, female ? "F" : "M");
    }

    static String referringPhysician(SplittableRandom random) {
        return pick(random, PHYSICIANS);
    }

    private static String syntheticId(SplittableRandom random) {
        return "9" + String.format("%010d", random.nextLong(10_000_000_000L));
    }

    private static String pick(SplittableRandom random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
