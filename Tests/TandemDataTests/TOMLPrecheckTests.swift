import Testing
import TandemData

/// The guard in front of toml++ (issue 19): it refuses the headers that abort the process, and nothing valid.
@Suite struct TOMLPrecheckTests {
    @Test func headersThatCrashTomlPlusPlusAreRefusedWithTheirLine() {
        #expect(TOMLPrecheck.problem("a = 1\n[é]\n")?.line == 2)
        #expect(TOMLPrecheck.problem("[[ ü]]\n")?.line == 1)
        #expect(TOMLPrecheck.problem("x = 1\n\n[ \n")?.message == "a table header needs a name after its [")
    }

    @Test func validTOMLIsLeftAlone() {
        let text = """
            description = \"\"\"
            [ (see the appendix) ]
            [
            \"\"\"
            why = '''[!] not a header'''
            grid = [
              [1, 2],
              [
                3,
              ],
            ]
            name = "a [ b" # [ in a comment
            [ "quoted" ]
            [table.sub]
            [[advice]]
            op = "bin"
            """
        #expect(TOMLPrecheck.problem(text) == nil)
    }
}
