import Foundation
import Testing
import TestSupport
import TandemChallenge
import TandemData
import TandemModel
import TandemRecipe

/// Challenge folders written by other people (issue 16): TOML integers, docs/ prefixes, Kaggle layouts, prose.
@Suite struct OpenWorldFolderTests {
    @Test func positiveLabelMayBeAnIntegerAndIsMatchedToTheTargetsText() throws {
        let fx = try ChallengeFixture()
        try fx.replace("train.csv", ",yes\n", ",1\n")
        try fx.replace("train.csv", ",no\n", ",0\n")
        try fx.replace("key/test_labels.csv", ",yes\n", ",1\n")
        try fx.replace("key/test_labels.csv", ",no\n", ",0\n")
        try fx.replace("challenge.toml", "positive_label = \"yes\"", "positive_label = 1")
        #expect(try ChallengeLoader.load(folder: fx.folder).spec.positiveLabel == "1")
        try fx.replace("challenge.toml", "positive_label = 1", "positive_label = 1.0")
        #expect(try ChallengeLoader.load(folder: fx.folder).spec.positiveLabel == "1")
        try fx.replace("challenge.toml", "positive_label = 1.0", "positive_label = 7")
        #expect { try ChallengeLoader.load(folder: fx.folder) } throws: { e in
            "\(e)".contains("field \"positive_label\": \"7\" is not a value of the target \"churned\"")
        }
    }

    @Test func keyEntriesMayNameDocsPathsAndAnUnknownOneIsAnError() throws {
        let fx = try ChallengeFixture()
        try fx.write("key/documents.toml", "[[document]]\nfile = \"docs/01-tenure.md\"\nverdict = \"adversarial\"\n"
                     + "[[document]]\nfile = \"02-sentinel\"\nverdict = \"helpful\"\n")
        let key = try ChallengeKey.load(try ChallengeLoader.load(folder: fx.folder))
        #expect(key.verdicts == ["01-tenure": "adversarial", "02-sentinel": "helpful"])
        try fx.write("key/documents.toml", "[[document]]\nfile = \"docs/09-missing.md\"\nverdict = \"adversarial\"\n")
        #expect { try ChallengeKey.load(try ChallengeLoader.load(folder: fx.folder)) } throws: { e in
            "\(e)".contains("documents.toml: field \"file\": [[document]] entry 1 names \"docs/09-missing.md\", which is not a document")
        }
    }

    @Test func proseOnlyDocumentHasNoStageAndNoAdvice() throws {
        let fx = try ChallengeFixture()
        try fx.write("docs/03-notes.txt", "\u{FEFF}# Field notes\n\nChurn rises after price changes.\n")
        let doc = try #require(try ChallengeLoader.load(folder: fx.folder).documents.first { $0.id == "03-notes" })
        #expect(doc.title == "Field notes" && doc.stage == nil && doc.advice.isEmpty && doc.body.contains("price changes"))
    }

    /// Front matter as others write it: no title (the heading is), no stage (the advice's is), or neither advice nor stage.
    @Test func frontMatterMayLeaveOutTitleAndStage() throws {
        let advice = ChallengeDocument.parse(id: "07-fees", text: "+++\n[[advice]]\nop = \"log1p\"\ncolumn = \"spend\"\n+++\n# Fees\n\nLog them.\n",
                                                 file: "07-fees.md")
        #expect(advice.title == "Fees" && advice.stage == .features && advice.advice.count == 1)
        let titled = ChallengeDocument.parse(id: "08-memo", text: "+++\ntitle = \"Memo\"\n+++\nNothing to do.\n", file: "08-memo.md")
        #expect(titled.title == "Memo" && titled.stage == nil && titled.advice.isEmpty)
        #expect { try ChallengeDocument.parseStrictly(id: "09", text: "+++\nstage = \"later\"\n+++\n", file: "09.md") } throws: { e in
            "\(e)" == "09.md: field \"stage\": must be cleaning, features or modelling"
        }
    }

    /// Found by make fuzz: toml++ aborted the process on a table name starting with a non-ASCII character.
    @Test func aNonASCIITableNameIsAnErrorNotACrash() throws {
        #expect { try ChallengeDocument.parseStrictly(id: "01", text: "+++\ntitle = \"x\"\n[é]\n+++\n", file: "docs/01.md") } throws: { e in
            "\(e)" == "docs/01.md: front matter line 3: a table name must start with a letter, digit, _ or -, or be quoted (\"…\")"
        }
        let fx = try ChallengeFixture()
        try fx.write("challenge.toml", (try String(contentsOfFile: fx.folder + "/challenge.toml", encoding: .utf8)) + "\n[[ ü]]\n")
        #expect { try ChallengeLoader.load(folder: fx.folder) } throws: { e in "\(e)".contains("challenge.toml:") && "\(e)".contains("a table name must start") }
    }

    /// A Kaggle folder: no challenge.toml, sample_submission.csv gives id and target, no key (unscored).
    @Test func kaggleLayoutOpensWithoutChallengeToml() throws {
        let fx = try ChallengeFixture()
        try fx.remove("challenge.toml")
        try fx.remove("key/test_labels.csv")
        let test = try fx.read("test.csv")
        var sample = "id,churned\n"
        for line in test.split(separator: "\n").dropFirst() { sample += "\(line.split(separator: ",")[0]),no\n" }
        try fx.write("sample_submission.csv", sample)
        try fx.write("README.md", "# Telco churn\n\nPredict churn.\n")
        let c = try ChallengeLoader.load(folder: fx.folder)
        #expect(c.spec.target == "churned" && c.spec.idColumns == ["id"] && c.spec.task == .binary && c.spec.metric == .auc)
        #expect(c.spec.title == "Telco churn" && c.spec.id == "churn-demo" && !c.scored)
        #expect(c.notes.contains { $0.contains("second column of sample_submission.csv") })
        // A sample whose ids are not test.csv's is refused, naming the file.
        try fx.write("sample_submission.csv", sample.replacingOccurrences(of: "\n300,", with: "\n999999,"))
        #expect { try ChallengeLoader.load(folder: fx.folder) } throws: { e in "\(e)".contains("sample_submission.csv: id \"999999\" is not in test.csv") }
    }

    @Test func submissionFileIsValidatedAndWrittenInTheSampleFormat() throws {
        let fx = try ChallengeFixture(rows: 6, testRows: 3)
        try fx.write("sample_submission.csv", "id,churned\n8,x\n6,x\n7,x\n")
        let c = try ChallengeLoader.load(folder: fx.folder)
        let p = Predictions(task: .binary, values: [0.1, 0.7, 1.0], classCount: 2)
        let file = try SubmissionFile.make(c, ids: ["6", "7", "8"], predictions: p, classes: ["no", "yes"], threshold: 0.5)
        #expect(file.text == "id,churned\n8,1\n6,0.1\n7,0.7\n")   // auc: probabilities, in the sample's order
        let bad = Predictions(task: .binary, values: [0.1, .nan, 1.0], classCount: 2)
        #expect { try SubmissionFile.make(c, ids: ["6", "7", "8"], predictions: bad, classes: ["no", "yes"], threshold: 0.5) } throws: { e in
            "\(e)".contains("is not a finite number")
        }
    }

    @Test func dataDirMayBeOneChallengeFolder() throws {
        let fx = try ChallengeFixture()
        #expect(ChallengeResolver.folders(in: fx.folder) == [fx.folder])
        #expect(try ChallengeResolver.resolve("churn-demo", dataDir: fx.folder) == fx.folder)
    }
}
