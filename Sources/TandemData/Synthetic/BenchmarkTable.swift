#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmark file of `tandem bench`: ~20 columns of the shapes that
/// make real CSV reading hard (missing values, a -999 sentinel, money,
/// categoricals of 5 to 1,000 levels, ISO dates, quoted text with commas)
/// and two targets whose signal is known, so model quality can be checked.
public enum BenchmarkTable {
    public static let binaryTarget = "target_binary"
    public static let numericTarget = "target_amount"

    static let regions = ["north", "south", "east", "west", "central"]
    static let phrases = ["late delivery, box damaged", "asked about price, no order", "repeat buyer, happy",
                          "called twice, \"urgent\"", "refund requested, item missing", "gift wrap, birthday"]

    public static func write(rows: Int, seed: UInt64, to path: String) throws(CSVError) {
        var rng = SeededRandom(seed: seed)
        let out = try CSVByteWriter(path: path)
        out.text("id,sensor_a,sensor_b,sensor_c,sensor_d,sensor_e,sensor_f,amount,age,visits,tenure_days,region,channel,state,sku,signup_date,note,discount,is_member,\(binaryTarget),\(numericTarget)\n")
        let channels = (0..<20).map { "ch\($0 < 10 ? "0" : "")\($0)" }
        let states = (0..<50).map { "S\($0 < 10 ? "0" : "")\($0)" }
        let skus = (0..<1000).map { "sku-\(String(repeating: "0", count: 4 - String($0).count))\($0)" }
        let skuEffect = (0..<1000).map { _ in rng.normal() * 0.3 }
        let baseDay = DateParsing.daysFromCivil(year: 2020, month: 1, day: 1)
        for i in 0..<rows {
            var sensors = [Double](repeating: 0, count: 6)
            for k in 0..<6 { sensors[k] = rng.normal() * Double(k + 1) + Double(k) }
            let amount = rng.logNormal(mu: 3.5, sigma: 1.1)
            let age = 18 + rng.int(below: 70)
            let visits = rng.poisson(3)
            let tenure = rng.int(below: 3000)
            let region = rng.int(below: 5), channel = rng.int(below: 20), state = rng.int(below: 50)
            let sku = min(999, Int(Double(1000) * pow(rng.uniform(), 1.6)))
            let day = baseDay + rng.int(below: 1461)
            let phrase = rng.int(below: phrases.count)
            let discount = rng.uniform() * 0.3
            let member = rng.chance(0.4)
            let weekday = ((day % 7) + 7 + 3) % 7
            var logit = 0.9 * sensors[0] - 0.35 * (sensors[1] - 1) + 0.4 * log(amount) - 2.2
            logit += Double(region) * 0.15 + skuEffect[sku] + (weekday >= 5 ? 0.4 : 0) + (phrase == 0 || phrase == 4 ? 0.8 : 0)
            logit += member ? -0.3 : 0.2
            let positive = rng.uniform() < 1 / (1 + exp(-logit))
            let target = amount * (1 + discount) + 3 * Double(visits) + 5 * sensors[2] + rng.normal() * 10

            out.int(i + 1); out.comma()
            for k in 0..<6 {
                if rng.chance(0.05) {
                    // missing, as empty or as a token
                    if k == 3 { out.text("NA") }
                } else if k < 2, rng.chance(0.01) {
                    out.text("-999")
                } else {
                    out.fixed(sensors[k], decimals: 4)
                }
                out.comma()
            }
            out.fixed(amount, decimals: 2); out.comma()
            out.int(age); out.comma()
            out.int(visits); out.comma()
            out.int(tenure); out.comma()
            out.text(regions[region]); out.comma()
            out.text(channels[channel]); out.comma()
            out.text(states[state]); out.comma()
            out.text(skus[sku]); out.comma()
            out.text(formatDate(seconds: Int64(day) * 86_400)); out.comma()
            out.field("\(phrases[phrase]) #\(rng.int(below: 100_000))"); out.comma()
            out.fixed(discount, decimals: 3); out.comma()
            out.text(member ? "true" : "false"); out.comma()
            out.int(positive ? 1 : 0); out.comma()
            out.fixed(target, decimals: 2)
            out.newline()
        }
        try out.close()
    }
}
