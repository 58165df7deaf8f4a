import Foundation
import TandemData

/// Shelf life of chilled product batches; cold-chain excursions show only in a free-text handling note.
enum FoodProductionSample {
    static let products: [(name: String, days: Double)] = [
        ("yogurt", 28), ("soft_cheese", 35), ("hummus", 21), ("fresh_pasta", 24),
        ("salad_kit", 9), ("smoked_salmon", 30), ("cooked_ham", 26), ("cold_pressed_juice", 14),
    ]
    static let plants = ["leeds", "lyon", "lodz", "lisbon"]
    static let packagings = ["standard", "vacuum", "modified_atmosphere"]
    static let breachNotes = [
        "temperature excursion to 11C for 3h during cross-dock transfer",
        "reefer unit alarm overnight, pallets held at dock until morning",
        "trailer door left open at depot, probe read 9.4C on arrival",
        "chiller fault in dispatch bay; product held at dock 4h",
        "temperature excursion logged by data logger (peak 12.8C)",
    ]
    static let normalNotes = [
        "loaded on schedule, probe 3.8C", "transfer normal", "no issues reported", "",
        "driver signed off, seals intact", "probe 4.1C at receipt", "relabelled pallet at depot, probe 3.6C",
        "late collection, stayed in chiller", "",
    ]

    static let blueprint = SampleBlueprint(
        industry: "food-production", id: "food-shelf-life", defaultRows: 6_000,
        challengeTOML: """
        id = "food-shelf-life"
        title = "Shelf life of chilled product batches"
        industry = "food-production"
        task = "regression"
        target = "shelf_life_days"
        id_column = "batch_id"
        metric = "mae"
        description = \"\"\"
        A chilled-foods manufacturer wants to predict, at dispatch, how many days each \
        production batch stays within specification, so that date codes and routing \
        can be set per batch. Each row is a batch: product, plant, pack date, mean \
        storage temperature from the warehouse sensors, humidity, preservative dose, \
        packaging and the logistics team's free-text handling note. Scored by MAE in days.\"\"\"
        source = "synthetic (tandem sample generate food-production); mechanism in key/mechanism.md"
        """,
        mechanism: """
        # food-shelf-life: how the data was generated

        shelf life = product base days × exp(−0.10 × (storage_temp_c − 4))
                     × (1 + 0.0015 × preservative_ppm) × packaging factor
                     × (0.55 when the cold chain broke) + Normal(0, 1.2), at least 1.

        - storage_temp_c ~ Normal(4, 1.6); humidity has no effect.
        - packaging factor: standard 1.0, vacuum 1.15, modified atmosphere 1.3.
        - preservative_ppm ~ Uniform(0, 300), missing (not recorded) for 8 % of
          batches; the effect uses the true dose.
        - A cold-chain breach (18 % of batches) shows only in handling_note, in
          varied wording ("temperature excursion", "alarm", "door left open",
          "held at dock"); normal notes never use those words.

        key/oracle.csv holds the expected shelf life without the noise.

        Documents: 01 (flag breaches from the note) is helpful. 02 (bin the
        temperature into three quantiles and drop the preservative dose) is
        adversarial: temperature is continuous and strong, and the dose is a real
        driver. 03 (a shelf-life-in-weeks feature) is a leaky proposal: it reads
        the target and is refused. 04 is neutral.
        """,
        documents: [
            SampleDocument(file: "01-cold-chain-notes.md", verdict: "helpful", why: "Breaches cut shelf life by about 45 % and appear only in the handling note.", text: """
            +++
            title = "Cold-chain incidents are recorded in the handling note"
            stage = "features"
            [[advice]]
            op = "text_flag"
            column = "handling_note"
            pattern = "excursion|alarm|left open|held at dock"
            as = "cold_chain_breach"
            rationale = "A logged breach shortens shelf life sharply; the warehouse sensor average hides it."
            +++
            From the logistics quality lead. The warehouse sensors average temperature
            over the whole storage period, so a few hours at 10-12C on a dock or in a
            trailer barely move storage_temp_c. Our drivers and dock staff log these
            incidents in the handling note ("temperature excursion", "reefer alarm",
            "door left open", "held at dock"). In our micro lab, batches with such a
            note lose close to half of their shelf life.
            """),
            SampleDocument(file: "02-sensor-practice.md", verdict: "adversarial", why: "Coarse binning throws away most of the temperature signal; the preservative dose is a real driver.", text: """
            +++
            title = "Sensor data practice for shelf-life models"
            stage = "features"
            [[advice]]
            op = "bin"
            column = "storage_temp_c"
            quantiles = 3
            rationale = "Warehouse sensors are only accurate to a band; use low/medium/high."
            [[advice]]
            op = "drop_column"
            column = "preservative_ppm"
            rationale = "Dosing records are unreliable and partly missing."
            +++
            Issued by the food safety data office. Warehouse temperature sensors are
            accurate only to about a degree, so modelling them as continuous values
            fits noise; regulators accept a three-band classification (low, medium,
            high) and so should our models. Preservative dosing is recorded by hand,
            is missing for many batches and has been shown to be unreliable: exclude
            it so the model does not learn from clerical errors.
            """),
            SampleDocument(file: "03-weekly-planning.md", verdict: "adversarial", why: "The proposed feature is computed from the target; tandem refuses it (reads the target).", text: """
            +++
            title = "Planning in weeks"
            stage = "features"
            [[advice]]
            op = "derive"
            as = "shelf_life_weeks"
            expr = "shelf_life_days / 7"
            rationale = "Planners think in weeks; give the model the shelf life in weeks."
            +++
            Commercial planning works in weeks, not days. A feature expressing shelf
            life in weeks aligns the model with how the business plans and has been
            the single most predictive variable in our trials.
            """),
            SampleDocument(file: "04-plant-overview.md", verdict: "neutral", why: "Background only; mode imputation of a column with no missing values changes nothing.", text: """
            +++
            title = "Plant overview"
            stage = "cleaning"
            [[advice]]
            op = "impute"
            column = "packaging"
            strategy = "mode"
            rationale = "Make sure packaging is always filled in."
            +++
            The four plants (Leeds, Lyon, Lodz, Lisbon) run the same HACCP plan and the
            same recipes. Packaging lines differ: Lyon and Lisbon run most of the
            modified-atmosphere volume. Humidity is logged for worker comfort.
            """),
        ],
        header: ["batch_id", "product", "plant", "pack_date", "storage_temp_c", "humidity_pct", "preservative_ppm", "packaging", "handling_note"],
        target: "shelf_life_days",
        generate: generate)

    static func generate(rows: Int, rng: inout SeededRandom, table: SampleTable) {
        let testRows = rows / 4
        let start = Int((epochSeconds(year: 2025, month: 1, day: 1) ?? 0) / 86_400)
        for i in 0..<(rows + testRows) {
            let product = products[rng.int(below: products.count)]
            let plant = plants[rng.int(below: plants.count)]
            let packaging = rng.int(below: packagings.count)
            let temp = 4 + 1.6 * rng.normal()
            let humidity = 70 + 8 * rng.normal()
            let dose = 300 * rng.uniform()
            let breach = rng.chance(0.18)
            let note = breach ? breachNotes[rng.int(below: breachNotes.count)] : normalNotes[rng.int(below: normalNotes.count)]
            var expected = product.days * exp(-0.10 * (temp - 4)) * (1 + 0.0015 * dose) * [1.0, 1.15, 1.3][packaging]
            if breach { expected *= 0.55 }
            let life = max(1, expected + 1.2 * rng.normal())
            let doseCell: SampleCell = rng.chance(0.08) ? .missing : .number(dose, decimals: 0)
            table.row([.text("B" + pad(i + 1, 7)), .text(product.name), .text(plant), .date(start + rng.int(below: 365)),
                       .number(temp, decimals: 1), .number(humidity, decimals: 1), doseCell, .text(packagings[packaging]), .text(note)],
                      label: .number(life, decimals: 1), expected: max(1, expected), isTest: i >= rows)
        }
    }
}
