import Testing
import TandemRecipe

/// DESIGN.md section 4: a step that reads a column comes before one that replaces or drops it (issue 16).
@Suite struct AdviceCompositionTests {
    /// The issue's case: one document's text_flag reads a column another document's step replaces (date_parts of a
    /// date; here one_hot of a text column, since text_flag reads text).
    @Test func aReaderSurvivesAnotherDocumentsReplacementOfItsColumn() throws {
        let parts = try step(#"{"op": "one_hot", "column": "note"}"#)
        let flag = try step(#"{"op": "text_flag", "column": "note", "pattern": "holiday", "as": "holiday"}"#)
        let model = try step(#"{"op": "model", "kind": "linear"}"#)
        #expect(AdviceComposer.compose(defaults: [], advice: [parts, flag]).map(\.step.op) == [.textFlag, .oneHot])
        // Admission moves a step refused only for its place, instead of refusing it.
        let f = try frame("note,y\nholiday rush,1\nquiet,0\nquiet,0\nholiday,1\nrain,0\nholiday sale,1\n")
        let context = RecipeContext(target: "y", task: .regression, idColumn: nil, timeColumn: nil)
        let admitted = try RecipeAdmission.admit([parts, flag, model], frame: f, context: context)
        #expect(admitted.refused.isEmpty)
        #expect(admitted.recipe.steps.map(\.step.op) == [.textFlag, .oneHot, .model])
        // Approval puts the reader before the applied step that replaced its column.
        #expect(StepDependencies.insertionIndex(of: flag.step, into: [parts]) == 0)
        // A column nothing creates is refused, with what would make it valid.
        let ghost = try step(#"{"op": "text_flag", "column": "memo", "pattern": "x", "as": "m"}"#)
        let refused = try RecipeAdmission.admit([ghost, model], frame: f, context: context).refused
        #expect(refused.first?.reason.contains("a step that creates \"memo\" before this one would make it valid") == true)
    }
}
