import Testing
@testable import TandemData

@Suite struct CSVReaderFormatTests {
    @Test func quotedFieldsKeepCommasNewlinesAndDoubledQuotes() throws {
        let frame = try readCSV("id,note\n1,\"a, b\"\n2,\"line one\nline two\"\n3,\"she said \"\"hi\"\"\"\n4,plain\n")
        #expect(frame.rowCount == 4)
        #expect(values(frame["note"]) == ["a, b", "line one\nline two", "she said \"hi\"", "plain"])
        #expect(values(frame["id"]) == ["1", "2", "3", "4"])
    }

    @Test func crlfAndLfLineEndingsReadTheSame() throws {
        let lf = try readCSV("a,b\n1,x\n2,y\n")
        let crlf = try readCSV("a,b\r\n1,x\r\n2,y\r\n")
        #expect(values(lf["a"]) == values(crlf["a"]))
        #expect(values(crlf["b"]) == ["x", "y"])
        #expect(crlf.columnNames == ["a", "b"])
    }

    @Test func lastRowWithoutLineBreakAndBlankLinesAreHandled() throws {
        let frame = try readCSV("a,b\n1,2\n\n3,4")
        #expect(values(frame["a"]) == ["1", "3"])
        #expect(values(frame["b"]) == ["2", "4"])
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let frame = try readCSV("\u{FEFF}name,n\nÅsa,1\n")
        #expect(frame.columnNames == ["name", "n"])
        #expect(values(frame["name"]) == ["Åsa"])
    }

    @Test func missingTokensAndEmptyFieldsAreMissing() throws {
        let frame = try readCSV("x,s\n1,a\n,b\nNA,NULL\nNaN,None\nnull,N/A\n2.5,c\n")
        let x = try #require(frame["x"])
        #expect(x.kind == .float)
        #expect(x.missingCount == 4)
        #expect(values(x) == ["1", "∅", "∅", "∅", "∅", "2.5"])
        #expect(values(frame["s"]) == ["a", "b", "∅", "∅", "∅", "c"])
    }

    @Test func typesAreInferredWithPromotion() throws {
        let frame = try readCSV("""
        i,f,mixed,d,dt,t
        1,1,1,2024-03-15,2024-03-15T08:30:00,x
        2,2.5,2,2024-02-29,2024-03-15 09:00,y
        -3,1e3,abc,2023-12-31,2024-03-15T10:15:30Z,x

        """)
        #expect(frame["i"]?.kind == .int)
        #expect(frame["f"]?.kind == .float)
        #expect(values(frame["f"]) == ["1", "2.5", "1000"])
        #expect(frame["mixed"]?.kind == .category)
        #expect(values(frame["mixed"]) == ["1", "2", "abc"])
        #expect(frame["d"]?.kind == .date)
        #expect(values(frame["d"]) == ["2024-03-15", "2024-02-29", "2023-12-31"])
        #expect(frame["dt"]?.kind == .date)
        #expect(values(frame["dt"]) == ["2024-03-15T08:30:00", "2024-03-15T09:00:00", "2024-03-15T10:15:30"])
        #expect(frame["t"]?.kind == .category)
    }

    @Test func invalidDatesAndMixedNumbersAndDatesAreText() throws {
        let frame = try readCSV("a,b\n2024-02-30,1\n2024-01-01,2024-01-01\n")
        #expect(frame["a"]?.kind == .category)   // Feb 30 is not a date
        #expect(frame["b"]?.kind == .category)   // a number and a date share no type
    }

    @Test func allMissingColumnIsFloatWithEveryRowMissing() throws {
        let frame = try readCSV("a,b\n1,\n2,NA\n")
        let b = try #require(frame["b"])
        #expect(b.kind == .float)
        #expect(b.missingCount == 2)
    }

    @Test func mostlyUniqueStringsAreTextNotCategories() throws {
        var csv = "code,note\n"
        for i in 0..<200 { csv += "c\(i % 3),note number \(i)\n" }
        let frame = try readCSV(csv)
        #expect(frame["code"]?.kind == .category)
        #expect(frame["note"]?.kind == .text)
        #expect(frame["note"]?.string(at: 199) == "note number 199")
    }

    @Test func intOverflowAndLongDecimalsAreExact() throws {
        let frame = try readCSV("big,over,precise\n9223372036854775807,9223372036854775808,0.1000000000000000055511151231257827\n1,1,3.141592653589793238462643383279\n")
        #expect(frame["big"]?.kind == .int)
        #expect(frame["big"]?.string(at: 0) == "9223372036854775807")
        #expect(frame["over"]?.kind == .float) // beyond Int64: a float, not an overflow
        let p = try #require(frame["precise"])
        #expect(p.double(at: 0) == 0.1)
        #expect(p.double(at: 1) == Double.pi)
    }

    @Test func paddedNumbersStillParse() throws {
        let frame = try readCSV("a\n 1 \n2\n")
        #expect(frame["a"]?.kind == .int)
        #expect(values(frame["a"]) == ["1", "2"])
    }

    @Test func strayQuoteInUnquotedFieldIsKeptLiterally() throws {
        let frame = try readCSV("size,n\n12\" pipe,1\n3,2\n")
        #expect(values(frame["size"]) == ["12\" pipe", "3"])
    }

    @Test func loneCarriageReturnLineEndsAreRead() throws {
        let frame = try readCSV("a,b\r1,2\r3,4\r")
        #expect(values(frame["a"]) == ["1", "3"])
    }

    @Test func tenThousandColumnHeaderIsRead() throws {
        let names = (0..<10_000).map { "c\($0)" }
        let row = (0..<10_000).map { String($0) }
        let frame = try readCSV(names.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n")
        #expect(frame.columns.count == 10_000)
        #expect(frame.rowCount == 2)
        #expect(frame["c9999"]?.string(at: 1) == "9999")
    }
}
