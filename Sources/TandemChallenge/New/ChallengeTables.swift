import TandemData

/// The three tables `tandem new` writes: train.csv, test.csv, and key/test_labels.csv (nil for an unscored challenge).
struct Tables {
    var train = CSVBuilder()
    var test = CSVBuilder()
    var labels: CSVBuilder?
    var trainRows = 0
    var testRows = 0
}

extension ChallengeMaker {
    /// One table split in two: `testRows` (ascending) lose their target to the key.
    static func heldOut(_ data: CSVRecords, testRows: [Int], targetIndex: Int, id: IdChoice) throws(ChallengeError) -> Tables {
        var t = Tables(labels: CSVBuilder())
        let idIndex = id.names.map { data.header.firstIndex(of: $0) }
        writeHeaders(&t, header: data.header, targetIndex: targetIndex, id: id, scored: true)
        var next = 0
        for row in 0..<data.records.count {
            if next < testRows.count, testRows[next] == row {
                next += 1
                let fields = try data.fields(row: row)
                writeTestRow(&t, data, fields: fields, targetIndex: targetIndex, id: id, idIndex: idIndex, number: row + 1)
            } else {
                if id.added { t.train.append(value: "\(row + 1)"); t.train.comma() }
                t.train.appendRaw(data.bytes, data.records[row])
                t.train.endRecord()
                t.trainRows += 1
            }
        }
        return t
    }

    /// train.csv as given and a --test file; the test's target, when it has one, goes to the key.
    static func given(test: CSVRecords, train: CSVRecords, targetIndex: Int, id: IdChoice) throws(ChallengeError) -> Tables {
        let target = train.header[targetIndex]
        let testTarget = test.header.firstIndex(of: target)
        let trainFeatures = Set(train.header).subtracting([target]), testFeatures = Set(test.header).subtracting([target])
        if trainFeatures != testFeatures {
            func list(_ s: Set<String>) -> String { s.sorted().prefix(6).map { "\"\(sanitizeForDisplay($0, limit: 30))\"" }.joined(separator: ", ") }
            let missing = trainFeatures.subtracting(testFeatures), extra = testFeatures.subtracting(trainFeatures)
            let parts = (missing.isEmpty ? [] : ["lacks \(list(missing))"]) + (extra.isEmpty ? [] : ["has columns train has not: \(list(extra))"])
            throw ChallengeError(file: test.file, "its feature columns differ from \(train.file)'s: " + parts.joined(separator: "; "))
        }
        var t = Tables(labels: testTarget == nil ? nil : CSVBuilder())
        writeHeaders(&t, header: train.header, targetIndex: targetIndex, id: id, scored: testTarget != nil)
        for row in 0..<train.records.count {
            if id.added { t.train.append(value: "\(row + 1)"); t.train.comma() }
            t.train.appendRaw(train.bytes, train.records[row])
            t.train.endRecord()
            t.trainRows += 1
        }
        // test.csv keeps its own column order, less the target.
        t.test = CSVBuilder()
        if id.added { t.test.append(value: id.names[0]); t.test.comma() }
        let testHeader = test.header.enumerated().filter { $0.offset != testTarget }.map(\.element)
        for (i, name) in testHeader.enumerated() { if i > 0 { t.test.comma() }; t.test.append(value: name) }
        t.test.endRecord()
        let idIndex = id.names.map { test.header.firstIndex(of: $0) }
        for row in 0..<test.records.count {
            let fields = try test.fields(row: row)
            writeTestRow(&t, test, fields: fields, targetIndex: testTarget, id: id, idIndex: idIndex, number: train.records.count + row + 1)
        }
        return t
    }

    static func writeHeaders(_ t: inout Tables, header: [String], targetIndex: Int, id: IdChoice, scored: Bool) {
        let columns = (id.added ? id.names : []) + header
        for (i, name) in columns.enumerated() { if i > 0 { t.train.comma() }; t.train.append(value: name) }
        t.train.endRecord()
        let testColumns = (id.added ? id.names : []) + header.enumerated().filter { $0.offset != targetIndex }.map(\.element)
        for (i, name) in testColumns.enumerated() { if i > 0 { t.test.comma() }; t.test.append(value: name) }
        t.test.endRecord()
        if scored {
            for name in id.names { t.labels?.append(value: name); t.labels?.comma() }
            t.labels?.append(value: header[targetIndex]); t.labels?.endRecord()
        }
    }

    /// A test row less its target (copied raw), and its label to the key.
    static func writeTestRow(_ t: inout Tables, _ data: CSVRecords, fields: [Range<Int>], targetIndex: Int?, id: IdChoice, idIndex: [Int?],
                             number: Int) {
        var first = true
        if id.added { t.test.append(value: "\(number)"); first = false }
        for (i, f) in fields.enumerated() where i != targetIndex {
            if !first { t.test.comma() }
            t.test.appendRaw(data.bytes, f)
            first = false
        }
        t.test.endRecord()
        t.testRows += 1
        guard let targetIndex, t.labels != nil else { return }
        if id.added { t.labels?.append(value: "\(number)"); t.labels?.comma() } else {
            for i in idIndex { if let i { t.labels?.appendRaw(data.bytes, fields[i]) }; t.labels?.comma() }
        }
        t.labels?.appendRaw(data.bytes, fields[targetIndex])
        t.labels?.endRecord()
    }
}
