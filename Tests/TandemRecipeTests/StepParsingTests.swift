import Foundation
import Testing
@testable import TandemRecipe

@Suite struct StepParsingTests {
    @Test func validStepsParseWithProvenance() throws {
        let s = try step(#"{"op": "impute", "column": "age", "strategy": "median", "author": "agent", "documents": ["02-ages"], "rationale": "robust to outliers"}"#)
        #expect(s.step.op == .impute && s.step.column == "age" && s.step.string("strategy") == "median")
        #expect(s.author == .agent && s.documents == ["02-ages"] && s.rationale == "robust to outliers")
        #expect(s.step.summary == "impute(age, strategy=\"median\")")
    }

    @Test func everyOpHasAValidExample() throws {
        let examples: [String] = [
            #"{"op":"drop_column","column":"a"}"#, #"{"op":"impute","column":"a","strategy":"constant","value":0}"#,
            #"{"op":"replace_value","column":"a","from":-999,"to":""}"#, #"{"op":"clip","column":"a","upper":5}"#,
            #"{"op":"drop_rows","where":"a > 3 and b == \"x\""}"#, #"{"op":"cast","column":"a","to":"category"}"#,
            #"{"op":"parse_date","column":"d","format":"%d/%m/%Y"}"#, #"{"op":"dedupe"}"#, #"{"op":"normalize_text","column":"t"}"#,
            #"{"op":"log1p","column":"a","as":"la"}"#, #"{"op":"standardize","column":"a"}"#, #"{"op":"one_hot","column":"c","max_levels":5}"#,
            #"{"op":"frequency_encode","column":"c"}"#, #"{"op":"target_encode","column":"c","smoothing":5}"#, #"{"op":"bin","column":"a","quantiles":4}"#,
            #"{"op":"date_parts","column":"d","parts":["year","dow"]}"#, #"{"op":"lag","column":"a","periods":1,"by":"c"}"#,
            #"{"op":"rolling_mean","column":"a","window":3}"#, #"{"op":"group_stat","column":"a","by":"c","stat":"mean"}"#,
            #"{"op":"text_flag","column":"t","pattern":"late|damaged","as":"bad"}"#, #"{"op":"derive","as":"r","expr":"a / (b + 1)"}"#,
            #"{"op":"model","kind":"gbm","params":{"max_depth":4}}"#, #"{"op":"cv","folds":5,"scheme":"group","group_column":"c"}"#,
            #"{"op":"target_transform","kind":"log1p"}"#, #"{"op":"threshold","strategy":"fixed","value":0.3}"#,
            #"{"op":"join","table":"products.csv","on":["sku","week"],"table_on":["sku_id","wk"],"columns":["fee"],"prefix":"p_"}"#,
            #"{"op":"aggregate","table":"events","on":"sku","column":"v","stat":"mean","before":"week:ts","window":28,"as":"m"}"#,
            #"{"op":"text_stats","column":"note"}"#, #"{"op":"text_tfidf","column":"note","max_features":50,"min_df":2,"ngram":2}"#,
        ]
        let ops = Set(try examples.map { try step($0).step.op })
        #expect(ops == Set(OpName.allCases))
    }

    @Test(arguments: [
        (#"{"op":"impute","column":"a","strategy":"avg"}"#, #"impute: field "strategy": "avg" is not one of mean, median, mode, constant"#),
        (#"{"op":"impute","column":"a"}"#, #"impute: field "strategy": is required"#),
        (#"{"op":"aggregate","table":"e","on":"k","stat":"mean"}"#, #"aggregate: field "column": is required for stat "mean" (only count needs no column)"#),
        (#"{"op":"aggregate","table":"e","on":"k","stat":"count","window":7}"#,
         #"aggregate: field "window": needs before (the window ends at the row's own time)"#),
        (#"{"op":"join","table":"e","on":["a","b"],"table_on":"x"}"#, #"join: field "table_on": names 1 column for the 2 of on"#),
        (#"{"op":"join","table":"e","on":[]}"#, #"join: field "on": must be a column name or a list of names, not []"#),
        (#"{"op":"impute","column":"a","strategy":"constant"}"#, #"impute: field "value": is required when strategy is constant"#),
        (#"{"op":"clip","column":"a","lower":5,"upper":1}"#, #"clip: field "lower": 5.0 is above upper 1.0"#),
        (#"{"op":"bin","column":"a","quantiles":2.5}"#, #"bin: field "quantiles": must be a whole number, not 2.5"#),
        (#"{"op":"bin","column":"a","quantiles":1}"#, #"bin: field "quantiles": 1 is outside 2…100"#),
        (#"{"op":"log1p","column":"a","base":2}"#, #"log1p: field "base": is not a field of log1p (it takes column, as)"#),
        (#"{"op":"date_parts","column":"d","parts":["week"]}"#, #"date_parts: field "parts": "week" is not one of year, month, dow, hour"#),
        (#"{"op":"derive","as":"x","expr":"a + * b"}"#, #"derive: field "expr": at character 5: expected a number, a column or "(" but found "*""#),
        (#"{"op":"eval","code":"rm -rf /"}"#, #"field "op": "eval" is not an op"#),
        (#"{"op":"model","kind":"gbm","params":{"max_depth":"deep"}}"#, #"model: field "params.max_depth": must be a number, not "deep""#),
    ])
    func invalidStepsNameTheField(json: String, message: String) throws {
        do {
            _ = try step(json)
            Issue.record("expected an error for \(json)")
        } catch let error as RecipeError {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func recipeErrorsNameTheStepNumber() {
        do {
            _ = try recipe(#"{"op":"dedupe"}"#, #"{"op":"standardize"}"#)
            Issue.record("expected an error")
        } catch let error as RecipeError {
            #expect(error.description == #"step 2 (standardize): field "column": is required"#)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func malformedRecipeJSONIsAClearError() {
        #expect(throws: RecipeError.self) { try Recipe.parse(json: "{\"steps\": [") }
        #expect(throws: RecipeError.self) { try Recipe.parse(json: "{\"stages\": []}") }
    }

    @Test func fingerprintIsStableAndCanonical() throws {
        let a = try recipe(#"{"op":"bin","column":"a","quantiles":4}"#, #"{"op":"model","kind":"gbm"}"#)
        let b = try Recipe.parse(json: #"{"steps":[{"quantiles":4.0,"column":"a","op":"bin"},{"kind":"gbm","op":"model"}]}"#)
        let c = try recipe(#"{"op":"bin","column":"a","quantiles":5}"#, #"{"op":"model","kind":"gbm"}"#)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.fingerprint != c.fingerprint)
        #expect(a.fingerprint.count == 64)
        #expect(a.canonicalJSON == #"{"steps":[{"column":"a","op":"bin","quantiles":4},{"kind":"gbm","op":"model"}]}"#)
        let roundTrip = try Recipe.parse(json: a.canonicalJSON)
        #expect(roundTrip == a)
    }
}

@Suite struct ExpressionTests {
    @Test func precedenceAndFunctions() throws {
        let g = try frame("a,b,c d\n1,2,3\n4,,6\n")
        func eval(_ s: String) throws -> [Double] { try ExpressionEvaluator.evaluate(try ExpressionParser.parse(s), in: g) }
        #expect(same(try eval("a + b * 2"), [5, .nan]))
        #expect(same(try eval("(a + 1) * 2 - `c d`"), [1, 4]))
        #expect(same(try eval("max(a, `c d`) / 2"), [1.5, 3]))
        #expect(same(try eval("a > 1 and not (a == 3)"), [0, 1]))
        #expect(same(try eval("sqrt(a) + log(1) + abs(-a)"), [2, 6]))
        #expect(same(try eval("a / 0"), [.nan, .nan]))
    }

    @Test func stringComparisonsOnCategories() throws {
        let g = try frame("city,n\nOslo,1\nBergen,2\n")
        #expect(same(try ExpressionEvaluator.evaluate(try ExpressionParser.parse("city == \"Oslo\""), in: g), [1, 0]))
        #expect(throws: RecipeError.self) { try ExpressionEvaluator.evaluate(try ExpressionParser.parse("city + 1"), in: g) }
    }

    @Test func errorsPointAtTheCharacter() throws {
        func error(_ s: String) -> ExpressionError? {
            do { _ = try ExpressionParser.parse(s); return nil } catch { return error }
        }
        #expect(error("a + ")?.position == 5)
        #expect(error("a $ b") == ExpressionError(position: 3, message: "\"$\" is not allowed (only numbers, \"strings\", column names, + - * / ( ), comparisons, and/or/not and log exp abs min max sqrt)"))
        #expect(error("pow(a, 2)")?.message.hasPrefix("\"pow\" is not a function") == true)
        #expect(error("log(a, b)")?.message == "log takes 1 argument, not 2")
        #expect(error("(a + b")?.position == 7)
        #expect(error("\"open")?.message == "string is never closed")
        #expect(error("__import__(\"os\")")?.message.hasPrefix("\"__import__\" is not a function") == true)
        #expect(try ExpressionParser.parse("a * -b + `x y`").columns == ["a", "b", "x y"])
    }
}

import TOMLKit

@Suite struct TOMLStepTests {
    @Test func adviceTablesParseLikeJSON() throws {
        let toml = try TOMLTable(string: """
        [[advice]]
        op = "replace_value"
        column = "sensor_a"
        from = -999
        to = ""
        [[advice]]
        op = "model"
        kind = "gbm"
        params = { max_depth = 4, learning_rate = 0.05 }
        [[advice]]
        op = "date_parts"
        column = "when"
        parts = ["year", "dow"]
        """)
        let advice = try #require(toml["advice"]?.array)
        let steps = try advice.map { (v: TOMLValueConvertible) throws -> RecipeStep in try RecipeStep(toml: try #require(v.table)) }
        let json = try recipe(#"{"op":"replace_value","column":"sensor_a","from":-999,"to":""}"#,
                              #"{"op":"model","kind":"gbm","params":{"max_depth":4,"learning_rate":0.05}}"#,
                              #"{"op":"date_parts","column":"when","parts":["year","dow"]}"#)
        #expect(Recipe(steps: steps) == json)
        #expect(Recipe(steps: steps).fingerprint == json.fingerprint)
    }

    @Test func invalidAdviceIsRefusedNamingTheField() throws {
        let toml = try TOMLTable(string: "op = \"bin\"\ncolumn = \"a\"\nquantiles = 1\n")
        #expect(throws: RecipeError(step: .bin, field: "quantiles", "1 is outside 2…100")) { try RecipeStep(toml: toml) }
    }
}
