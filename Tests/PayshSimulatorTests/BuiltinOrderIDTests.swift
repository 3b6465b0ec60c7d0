import PayshSimulator
import Testing

/// The fixture ids Tab offers after `fetch` in `local` are the ones the simulator answers for.
@Suite("Built-in fixture order ids")
struct BuiltinOrderIDTests {
  @Test func everyGatewayListsItsFixtures() {
    let cashfree = Simulator.builtinOrderIDs(gateway: "cashfree")
    #expect(cashfree.contains("cf_sim_paid"))
    #expect(cashfree.contains("order_3242Tq4Edj9CC5RDcMeobmJOWOBJij"), "the seed example")
    #expect(Simulator.builtinOrderIDs(gateway: "paytring").contains("771606428862383005"))
    #expect(Simulator.builtinOrderIDs(gateway: "enkash").count >= 3)
    #expect(Simulator.builtinOrderIDs(gateway: "stripe").isEmpty)
  }

  @Test func theSimulatorAnswersForEachOfThem() async throws {
    try await SimHarness.with { sim in
      for id in Simulator.builtinOrderIDs(gateway: "cashfree") {
        let reply = try await sim.cashfree("/orders/\(id)")
        #expect(reply.status == 200, "\(id)")
      }
    }
  }
}
