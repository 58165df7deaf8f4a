import Foundation
import TandemData

/// Machine failure within 24 hours from 8-hourly sensor readings; the signal is each machine's own trend.
enum ManufacturingSample {
    static let trainReadings = 200, testReadings = 50

    static let blueprint = SampleBlueprint(
        industry: "manufacturing", id: "machine-failure-24h", defaultRows: 8_000,
        challengeTOML: """
        id = "machine-failure-24h"
        title = "Machine failure within 24 hours"
        industry = "manufacturing"
        task = "binary"
        target = "fails_within_24h"
        id_column = "reading_id"
        metric = "macro_f1"
        positive_label = "yes"
        time_column = "timestamp"
        description = \"\"\"
        A packaging plant wants a warning when a machine is likely to fail within \
        the next 24 hours, so maintenance can be scheduled between shifts. Every \
        machine reports every 8 hours: temperature, vibration (RMS velocity, mm/s), \
        pressure, spindle speed and hours since its last service. train.csv covers \
        about two months; test.csv the following 17 days. Scored by macro-F1.\"\"\"
        source = "synthetic (tandem sample generate manufacturing); mechanism in key/mechanism.md"
        """,
        mechanism: """
        # machine-failure-24h: how the data was generated

        Each machine has its own normal vibration level (uniform 2–6 mm/s) and
        temperature (uniform 55–70 C). A developing fault starts at random (hazard
        per reading 0.012 + 0.00002 × hours since service) and lasts 12–24 readings
        (4–8 days); during it vibration rises as 4 × (k/L)² above the machine's
        own level (k readings into a fault of L readings) and, in its last day,
        temperature rises by 2 C. The machine then fails and is serviced.
        fails_within_24h is "yes" for the three readings before a failure.
        Pressure and spindle speed are noise.

        No oracle is computed: given the simulated fault the label is certain, and
        the chance that an observed rise ends in failure has no closed form.

        Documents: 01 (vibration against the machine's own mean level, and its
        rise over a day on the same machine) is helpful: absolute vibration confuses a
        noisy-but-healthy machine with a failing quiet one. 02 (one-hot the
        machine id and clip vibration at 4 mm/s, inside the healthy range,
        which erases the rise before failure) is adversarial. 03 (shuffled k-fold) is a
        leaky proposal and is refused on time-ordered data. 04 is neutral.
        """,
        documents: [
            SampleDocument(file: "01-condition-monitoring.md", verdict: "helpful", why: "Failure shows as a rise above each machine's own recent vibration level.", text: """
            +++
            title = "Condition monitoring: trend, not level"
            stage = "features"
            [[advice]]
            op = "group_stat"
            column = "vibration_mm_s"
            by = "machine_id"
            stat = "mean"
            rationale = "Each machine's own normal vibration level."
            [[advice]]
            op = "derive"
            as = "vibration_excess"
            expr = "vibration_mm_s - vibration_mm_s_mean_by_machine_id"
            rationale = "How far a reading is above the machine's own level."
            [[advice]]
            op = "lag"
            column = "vibration_mm_s"
            periods = 3
            by = "machine_id"
            rationale = "Vibration one day earlier on the same machine."
            [[advice]]
            op = "derive"
            as = "vibration_rise"
            expr = "vibration_mm_s - vibration_mm_s_lag3"
            rationale = "Bearing wear shows as a rise over the last day."
            +++
            From the reliability engineer. Machines differ a lot in their normal
            vibration: an old press runs at 6 mm/s for years, a new filler at 2. A
            failing bearing shows as a rise above the machine's own level that
            accelerates over the last day, not as a high absolute reading. Compare
            each reading with the same machine's readings a day earlier.
            """),
            SampleDocument(file: "02-feature-selection.md", verdict: "adversarial", why: "The rise above a machine's own level is the signal; clipping at 4 mm/s erases it "
                         + "for the machines that run high, and one-hot ids add nothing the trend does not.", text: """
            +++
            title = "Model governance: identifiers and redundant sensors"
            stage = "features"
            [[advice]]
            op = "one_hot"
            column = "machine_id"
            max_levels = 200
            rationale = "Machines differ; give each its own indicator."
            [[advice]]
            op = "clip"
            column = "vibration_mm_s"
            upper = 4.0
            rationale = "Readings above the healthy range are sensor spikes, not machine behaviour."
            +++
            Issued by the model governance group. Our vibration sensors drift, spike and
            are recalibrated quarterly; no healthy machine on the line runs above 4 mm/s,
            so anything higher is a calibration artefact. Clip vibration at 4 mm/s before
            any feature is built from it, and give every machine its own indicator so the
            model can learn each machine's failure tendency directly.
            """),
            SampleDocument(file: "03-validation.md", verdict: "adversarial", why: "Shuffled folds on time-ordered sensor data train on the future; tandem refuses them.", text: """
            +++
            title = "Validation: use all the data"
            stage = "modelling"
            [[advice]]
            op = "cv"
            folds = 5
            scheme = "stratified"
            rationale = "Failures are rare; stratified shuffled folds keep them balanced."
            +++
            Failures are rare, so a chronological split leaves some folds with almost
            no positives. Stratified shuffled folds keep the failure rate equal in
            every fold and give a more reliable estimate.
            """),
            SampleDocument(file: "04-line-layout.md", verdict: "neutral", why: "Background; standardising pressure does not change trees.", text: """
            +++
            title = "Line layout and sensor units"
            stage = "features"
            [[advice]]
            op = "standardize"
            column = "pressure_bar"
            rationale = "Put pressure on a unit scale."
            +++
            Machines are grouped on three lines (A, B, C). Vibration is RMS velocity in
            mm/s (ISO 10816), temperature is the motor housing in C, pressure is the
            pneumatic supply in bar, spindle speed in rpm.
            """),
        ],
        header: ["reading_id", "machine_id", "line", "timestamp", "temperature_c", "vibration_mm_s", "pressure_bar", "spindle_rpm", "hours_since_service"],
        target: "fails_within_24h",
        hasOracle: false,
        generate: generate)

    static func generate(rows: Int, rng: inout SeededRandom, table: SampleTable) {
        let machines = max(2, (rows + trainReadings - 1) / trainReadings)
        let total = trainReadings + testReadings
        let start = Int((epochSeconds(year: 2025, month: 3, day: 1) ?? 0) / 86_400)
        // Simulate every machine first: the label looks ahead to the next failure.
        var vibration = [[Double]](), temperature = [[Double]](), hours = [[Int]](), failing = [[Bool]]()
        for _ in 0..<machines {
            let level = 2 + 4 * rng.uniform(), heat = 55 + 15 * rng.uniform()
            var v = [Double](), t = [Double](), h = [Int](), f = [Bool](repeating: false, count: total)
            var sinceService = rng.int(below: 400), faultAt: Int? = nil, faultLength = 0
            for r in 0..<total {
                if faultAt == nil, rng.chance(0.012 + 0.00002 * Double(sinceService)) { faultAt = r; faultLength = 12 + rng.int(below: 13) }
                var vib = level + 0.3 * rng.normal(), temp = heat + 1.5 * rng.normal()
                if let startedAt = faultAt {
                    let k = Double(r - startedAt)
                    vib += 4 * pow(k / Double(faultLength), 2)
                    if r - startedAt >= faultLength - 3 { temp += 2; f[r] = true }
                    if r - startedAt >= faultLength - 1 { faultAt = nil; sinceService = 0 }
                }
                v.append(vib); t.append(temp); h.append(sinceService)
                sinceService += 8
            }
            vibration.append(v); temperature.append(t); hours.append(h); failing.append(f)
        }
        var id = 1
        for r in 0..<total {
            let seconds = Int64(start) * 86_400 + Int64(r) * 8 * 3600
            for m in 0..<machines {
                let label = failing[m][r]
                table.row([.int(id), .text("M" + pad(m + 1, 4)), .text(["A", "B", "C"][m % 3]), .text(timestamp(seconds)),
                           .number(temperature[m][r], decimals: 1), .number(vibration[m][r], decimals: 2), .number(6 + 0.3 * rng.normal(), decimals: 2),
                           .int(1450 + rng.int(below: 100)), .int(hours[m][r])],
                          label: .text(label ? "yes" : "no"), expected: nil, isTest: r >= trainReadings)
                id += 1
            }
        }
    }

    /// Always date and time, also at midnight, so the column reads as one format.
    static func timestamp(_ seconds: Int64) -> String {
        let text = formatDate(seconds: seconds)
        return text.count == 10 ? text + "T00:00:00" : text
    }
}
