package org.varde.gateway.routing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue's contract: block is read exactly (money as decimals) and refused, naming the key, when it cannot price. */
class ContractTest {
    private static String withContract(String contract) {
        return "algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST + contract.indent(4);
    }

    @Test
    void tiersAndTheIntroductoryPeriodAreRead() throws Exception {
        Algorithm a = RoutingFixtures.catalogue(withContract("""
                contract:
                  reference: NORDLYS-2026-017
                  currency: NOK
                  tiers:
                    - {upTo: 1000, price: 12.50}
                    - {upTo: 5000, price: "9.1"}
                    - {price: 6}
                  introductory: {until: 2026-03-31, discountPercent: 50}
                """)).find("ct-chest-adult").orElseThrow();
        Contract c = a.contract();
        assertEquals("NORDLYS-2026-017", c.reference());
        assertEquals("NOK", c.currency());
        assertEquals(3, c.tiers().size());
        assertEquals(new ContractTier(1, 1000, new BigDecimal("12.50")), c.tiers().get(0));
        assertEquals(new ContractTier(1001, 5000, new BigDecimal("9.10")), c.tiers().get(1));
        assertEquals(5001, c.tiers().get(2).from());
        assertTrue(c.tiers().get(2).open());
        assertTrue(c.introductory(LocalDate.parse("2026-03-31")), "the last day is in the period");
        assertFalse(c.introductory(LocalDate.parse("2026-04-01")));
        assertFalse(c.chargeWithoutResult());
        assertEquals(0, new BigDecimal("50").compareTo(c.introductoryDiscountPercent()));
    }

    @Test
    void withoutAContractUsageIsCountedButNotPriced() throws Exception {
        Algorithm a = RoutingFixtures.catalogue("algorithms:\n" + RoutingFixtures.CT_ADULT_CHEST)
                .find("ct-chest-adult").orElseThrow();
        assertFalse(a.contract().priced());
    }

    @Test
    void unusableContractsAreRefusedNamingTheKey() {
        refused("contract:\n  currency: NOK\n  tiers: [{price: 1}]\n", "algorithms[0].contract.reference: is required");
        refused("contract:\n  reference: R\n  currency: kroner\n  tiers: [{price: 1}]\n", "algorithms[0].contract.currency: must be an ISO 4217");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: []\n", "algorithms[0].contract.tiers: must be a non-empty list");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{upTo: 10, price: 1}]\n",
                "algorithms[0].contract.tiers[0].upTo: the last tier is open");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{price: 2}, {price: 1}]\n",
                "algorithms[0].contract.tiers[0].upTo: must be a whole number");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{upTo: 100, price: 2}, {upTo: 50, price: 1}, {price: 1}]\n",
                "algorithms[0].contract.tiers[1].upTo: must be at least 101");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{price: -1}]\n",
                "algorithms[0].contract.tiers[0].price: must be a non-negative amount");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{price: 0.00001}]\n",
                "algorithms[0].contract.tiers[0].price: must be a non-negative amount with at most 4 decimals");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{price: 1, cost: 2}]\n",
                "algorithms[0].contract.tiers[0].cost: unknown key");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{price: 1}]\n  introductory: {until: soon, discountPercent: 5}\n",
                "algorithms[0].contract.introductory.until: must be a day");
        refused("contract:\n  reference: R\n  currency: NOK\n  tiers: [{price: 1}]\n  introductory: {until: 2026-01-01, discountPercent: 101}\n",
                "algorithms[0].contract.introductory.discountPercent: must be 0..100");
    }

    private static void refused(String contract, String expectedStart) {
        RoutingConfigException e = assertThrows(RoutingConfigException.class,
                () -> RoutingFixtures.catalogue(withContract(contract)));
        assertTrue(e.getMessage().startsWith(expectedStart), "message was: " + e.getMessage());
    }
}
