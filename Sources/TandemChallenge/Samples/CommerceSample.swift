import Foundation
import TandemData

/// Weekly unit sales per SKU and week, laid out as AgentDS's commerce domain shipped it: train and test keyed by
/// (sku_id, week), a product lookup, a nested promotions history and a store-events notes table. Most of the signal
/// sits in the side files; the documents are in CommerceDocuments.
enum CommerceSample {
    static let trainWeeks = 104, testWeeks = 26
    static let departments = ["grocery", "household", "beauty", "toys", "garden", "electronics"]
    static let brands = ["Almhof", "Brightway", "Casa Verde", "Dunmore", "Everline", "Fjordbrand", "Greystone", "Hallam"]

    static let blueprint: SampleBlueprint = {
        var b = SampleBlueprint(
            industry: "commerce", id: "commerce-weekly-demand", defaultRows: 8_000,
            challengeTOML: """
            id = "commerce-weekly-demand"
            title = "Weekly SKU demand for a regional retailer"
            industry = "commerce"
            task = "regression"
            target = "units_sold"
            id_column = ["sku_id", "week"]
            metric = "rmse"
            time_column = "week"
            description = \"\"\"
            A regional retailer wants next-half-year weekly unit sales per SKU to plan \
            replenishment. train.csv holds two years of weekly history, one row per SKU \
            and week (the Monday it starts); test.csv the following 26 weeks. Forecasts \
            are scored by RMSE on units sold. The main table has only the shelf price; \
            the rest is in the side files, as the retailer's systems export them: \
            products.csv (department, list price, pack size), promotions.json (each \
            SKU's planned flyers and end-cap displays, nested per SKU) and \
            store_events.jsonl (the store manager's weekly note, planned a season ahead).\"\"\"
            source = "synthetic (tandem sample generate commerce); mechanism in key/mechanism.md"

            [[table]]
            file = "products.csv"
            key = ["sku_id"]

            [[table]]
            file = "promotions.json"
            key = ["sku_id", "week"]
            time_column = "week"

            [[table]]
            file = "store_events.jsonl"
            key = ["week"]
            time_column = "week"
            """,
            mechanism: CommerceDocuments.mechanism,
            documents: CommerceDocuments.all,
            header: ["sku_id", "week", "price"],
            target: "units_sold",
            generate: generate)
        b.idCount = 2
        return b
    }()

    enum Event: CaseIterable {
        case none, heat, storm, fair
    }

    static let notes: [Event: [String]] = [
        .none: ["Normal trading.", "Two cashiers off sick; tills 5 and 6 closed.", "New shelf labels in aisles 3 to 7.",
                "Quiet week, staff training on Tuesday.", "Delivery truck late on Monday, shelves refilled by noon.",
                "Car park resurfacing finished."],
        .heat: ["Heatwave forecast all week: fans and paddling pools flying off the shelves.",
                "Met Office heat alert from Wednesday; garden centre expects crowds.",
                "Hot spell continues, 31 degrees on Saturday - extra water on pallets."],
        .storm: ["Storm warning: the council advises people to stay home on Saturday.",
                 "Gale-force winds forecast, the outdoor car park will be closed.",
                 "Storm Agnes expected Thursday night; early closing at 6pm."],
        .fair: ["Toy fair at the town hall this weekend, families in town.",
                "Gaming expo next door draws crowds on Saturday and Sunday.",
                "Christmas-in-summer toy fair on the market square."],
    ]

    static func generate(rows: Int, rng: inout SeededRandom, table: SampleTable) {
        let skus = max(2, (rows + trainWeeks - 1) / trainWeeks)
        let base = (0..<skus).map { _ in rng.logNormal(mu: 3.0, sigma: 0.8) }
        let department = (0..<skus).map { _ in rng.int(below: departments.count) }
        let listPrice = (0..<skus).map { _ in 2 + rng.uniform() * 58 }
        let pack = (0..<skus).map { _ in [1, 2, 4, 6, 12][rng.int(below: 5)] }
        let brand = (0..<skus).map { _ in rng.int(below: brands.count) }
        let start = Int((epochSeconds(year: 2023, month: 1, day: 2) ?? 0) / 86_400)
        let weeks = trainWeeks + testWeeks
        // The store's note per week: planned a season ahead, so test weeks have theirs too.
        var events: [Event] = [], eventLines: [String] = []
        for week in 0..<weeks {
            let month = DateParts(seconds: Int64(start + week * 7) * 86_400).month
            let event: Event = (5...9).contains(month) && rng.chance(0.18) ? .heat : rng.chance(0.05) ? .storm : rng.chance(0.05) ? .fair : .none
            let choices = notes[event] ?? []
            events.append(event)
            eventLines.append("{\"week\": \"\(day(start + week * 7))\", \"note\": \"\(choices[rng.int(below: choices.count)])\"}")
        }
        var promotions = [[String]](repeating: [], count: skus)
        for week in 0..<weeks {
            let day = start + week * 7
            let parts = DateParts(seconds: Int64(day) * 86_400)
            let holidaySeason = (parts.month == 11 && parts.day >= 20) || parts.month == 12
            for s in 0..<skus {
                let dept = departments[department[s]]
                var mean = base[s]
                if dept == "garden", (4...7).contains(parts.month) { mean *= 1.5 }
                if holidaySeason { mean *= (dept == "toys" || dept == "electronics") ? 2.2 : 1.6 }
                switch events[week] {
                case .heat: mean *= dept == "garden" ? 1.8 : dept == "grocery" ? 1.3 : 1
                case .storm: mean *= 0.6
                case .fair: mean *= dept == "toys" ? 2.0 : dept == "electronics" ? 1.5 : 1
                case .none: break
                }
                if rng.chance(0.12) {
                    let flyer = rng.chance(0.6), discount = 0.05 + 0.25 * rng.uniform()
                    mean *= (flyer ? 2.0 : 1.5) * (1 + 2 * discount)
                    promotions[s].append("      {\"week\": \"\(self.day(day))\", \"kind\": \"\(flyer ? "flyer" : "end-cap")\", "
                                         + "\"discount\": \(String(format: "%.2f", discount))}")
                }
                let price = listPrice[s] * (1 - 0.1 * rng.uniform())
                mean *= pow(price / listPrice[s], -1.2)
                let units = rng.poisson(mean)
                table.row([.text(skuId(s)), .date(day), .number(price, decimals: 2)],
                          label: .int(units), expected: mean, isTest: week >= trainWeeks)
            }
        }
        var products = "sku_id,department,list_price,pack_size\n"
        for s in 0..<skus { products += "\(skuId(s)),\(departments[department[s]]),\(String(format: "%.2f", listPrice[s])),\(pack[s])\n" }
        table.side("products.csv", products)
        // As a product system dumps it: pretty-printed, one object per SKU, its brand nested, its promotions a list.
        let promotionObjects = (0..<skus).map { s in
            "  {\n    \"sku_id\": \"\(skuId(s))\",\n    \"brand\": {\"name\": \"\(brands[brand[s]])\", \"tier\": \(brand[s] % 3 + 1)},\n"
                + "    \"promotions\": [\n" + promotions[s].joined(separator: ",\n") + (promotions[s].isEmpty ? "" : "\n") + "    ]\n  }"
        }
        table.side("promotions.json", "[\n" + promotionObjects.joined(separator: ",\n") + "\n]\n")
        table.side("store_events.jsonl", eventLines.joined(separator: "\n") + "\n")
    }

    static func skuId(_ s: Int) -> String { "SKU-" + pad(s + 1, 5) }

    static func day(_ days: Int) -> String { String(formatDate(seconds: Int64(days) * 86_400).prefix(10)) }
}

func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
