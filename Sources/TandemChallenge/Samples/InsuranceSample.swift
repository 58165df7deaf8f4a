import Foundation
import TandemData

/// Next-year home insurance loss; a latent roof condition drives claims and shows only in the inspection note.
/// After arXiv 2512.20959 (roof condition hidden in inspection text).
enum InsuranceSample {
    static let walls: [(name: String, effect: Double)] = [("brick", 0), ("concrete", -0.1), ("stucco", 0.05), ("wood_frame", 0.25)]
    static let roofNotes = [
        ["Roof in good condition, no visible defects.", "Newer architectural shingles, installed 2019.", "Roof covering sound; flashing intact.",
         "No roof concerns noted."],
        ["Some worn shingles on rear slope.", "Granule loss visible on south-facing slope.", "Minor curling at shingle edges; monitor.",
         "Roof aged but serviceable; worn areas near chimney."],
        ["Sagging roof deck over garage.", "Active leak stains in attic, roof needs replacement.", "Multiple missing shingles after storm.",
         "Roof at end of life, sagging ridge line, recommend replacement."],
    ]
    static let otherNotes = ["Gutters clear.", "Smoke detectors present.", "Driveway cracked.", "Fence needs paint.", "Dog on premises.",
                             "Pool fenced.", "Electrical panel updated.", ""]

    static let blueprint = SampleBlueprint(
        industry: "insurance", id: "home-insurance-loss", defaultRows: 10_000,
        challengeTOML: """
        id = "home-insurance-loss"
        title = "Next-year loss on home insurance policies"
        industry = "insurance"
        task = "regression"
        target = "annual_loss"
        id_column = "policy_id"
        metric = "normalized_gini"
        description = \"\"\"
        A home insurer wants to rank renewing policies by expected loss for next \
        year so that underwriters review the riskiest ones first. Each row is a \
        policy: house value, house age, wall type, the area's catastrophe risk score \
        (0-1), the policyholder's credit score, the deductible and the free-text \
        notes of the last property inspection. The target is the total claimed loss \
        over the following year (mostly zero). Scored by normalized Gini.\"\"\"
        source = "synthetic after arXiv 2512.20959 (tandem sample generate insurance); mechanism in key/mechanism.md"
        """,
        mechanism: """
        # home-insurance-loss: how the data was generated

        After arXiv 2512.20959:
        - house_value ~ LogNormal(12.9, 0.45); house_age ~ 120 × Beta(4, 3);
          wall_type brick, concrete, stucco or wood frame; area_risk ~ Beta(2, 5);
          credit_score ~ Normal(700, 80) within 300–850.
        - latent S = 0.02 × age + 3 × area_risk − 2 × credit/850 + Normal(0, 0.3);
          roof Good below S's 55th percentile, Fair to the 80th, Bad above.
        - The roof shows only in inspection_note, in varied words (Good: "no
          defects", "sound"; Fair: "worn", "granule loss", "curling"; Bad:
          "sagging", "leak", "missing shingles", "replacement").
        - claims ~ Poisson(0.06 × exp(1.2·Fair + 2.6·Bad + 0.8·area_risk + wall effect));
          each claim ~ Gamma(2) × 1.5 % of house value; the deductible is subtracted.

        key/oracle.csv holds the expected loss.

        Documents: 01 (flag roof condition from the notes) is helpful. 02 (clip the
        loss at 2,000 and drop area risk) is adversarial: the tail is the signal
        and area risk is a real driver. 03 (inspection notes are unreliable, drop
        them) is adversarial. 04 is neutral.
        """,
        documents: [
            SampleDocument(file: "01-roof-condition.md", verdict: "helpful", why: "Roof condition multiplies claim frequency by up to 13 and is visible only in the inspection note.", text: """
            +++
            title = "Underwriting guide: roof condition from inspection notes"
            stage = "features"
            [[advice]]
            op = "text_flag"
            column = "inspection_note"
            pattern = "sagging|leak|missing shingles|replacement"
            as = "roof_bad"
            rationale = "A failing roof is the biggest single driver of water and wind claims."
            [[advice]]
            op = "text_flag"
            column = "inspection_note"
            pattern = "worn|granule|curling"
            as = "roof_fair"
            rationale = "Ageing roofs claim more often than sound ones."
            +++
            From the property underwriting team. Roof condition explains more of our
            water and wind losses than any rating variable, but it is not a coded
            field: inspectors describe it in the free-text note. Sagging decks, leak
            stains and missing shingles mean a roof at end of life; worn or curling
            shingles and granule loss mean an ageing roof. Flag both.
            """),
            SampleDocument(file: "02-large-loss-policy.md", verdict: "adversarial", why: "Clipping the training loss at 2,000 erases the tail that separates risks; area risk is a real driver.", text: """
            +++
            title = "Actuarial standard: large losses and territorial variables"
            stage = "cleaning"
            [[advice]]
            op = "clip"
            column = "annual_loss"
            upper = 2000
            rationale = "Large losses are catastrophe noise and must be capped before modelling attritional risk."
            [[advice]]
            op = "drop_column"
            column = "area_risk"
            rationale = "Territorial scores are already priced in the base rate."
            +++
            Issued by the pricing actuary. Individual losses above 2,000 are driven by
            catastrophe events and are reinsured; they carry no information about a
            policy's attritional risk. Cap the target at 2,000 before fitting. The
            area risk score is already reflected in the territorial base rate, so
            including it double counts territory; remove it.
            """),
            SampleDocument(file: "03-inspection-quality.md", verdict: "adversarial", why: "The inspection note carries the roof condition, the strongest hidden driver.", text: """
            +++
            title = "Data quality review: inspection notes"
            stage = "cleaning"
            [[advice]]
            op = "drop_column"
            column = "inspection_note"
            rationale = "Free text from inspectors is subjective and inconsistent."
            +++
            Our data quality review found inspector notes to be inconsistent: two
            inspectors seldom describe the same house the same way, and much of the
            text is about fences and driveways. Unstructured, subjective text has no
            place in a pricing model; drop the column.
            """),
            SampleDocument(file: "04-deductibles.md", verdict: "neutral", why: "Background; frequency-encoding the wall type changes little.", text: """
            +++
            title = "Product note: deductibles and wall types"
            stage = "features"
            [[advice]]
            op = "frequency_encode"
            column = "wall_type"
            as = "wall_type_share"
            rationale = "How common a construction type is in the book."
            +++
            Policies carry a deductible of 500, 1,000 or 2,500; the claimed loss in the
            data is net of it. Wall type comes from the application form and is
            rarely verified.
            """),
        ],
        header: ["policy_id", "house_value", "house_age", "wall_type", "area_risk", "credit_score", "deductible", "inspection_note"],
        target: "annual_loss",
        generate: generate)

    static func generate(rows: Int, rng: inout SeededRandom, table: SampleTable) {
        let n = rows + rows / 4
        var value = [Double](), age = [Double](), risk = [Double](), credit = [Double](), s = [Double]()
        for _ in 0..<n {
            value.append(rng.logNormal(mu: 12.9, sigma: 0.45))
            age.append(120 * rng.beta(4, 3))
            risk.append(rng.beta(2, 5))
            credit.append(min(850, max(300, 700 + 80 * rng.normal())))
            s.append(0.02 * age[age.count - 1] + 3 * risk[risk.count - 1] - 2 * credit[credit.count - 1] / 850 + 0.3 * rng.normal())
        }
        let sorted = s.sorted()
        let fair = sorted[Int(0.55 * Double(n))], bad = sorted[Int(0.80 * Double(n))]
        let deductibles = [500, 1000, 2500]
        for i in 0..<n {
            let roof = s[i] >= bad ? 2 : (s[i] >= fair ? 1 : 0)
            let wall = walls[rng.int(below: walls.count)]
            let deductible = deductibles[rng.int(below: 3)]
            let rate = 0.06 * exp([0, 1.2, 2.6][roof] + 0.8 * risk[i] + wall.effect)
            var loss = 0.0
            for _ in 0..<rng.poisson(rate) { loss += max(0, rng.gamma(shape: 2) * 0.015 * value[i] - Double(deductible)) }
            // E[max(0, cG − d)] for G ~ Gamma(2, 1) is c·e^(−t)·(t + 2) with t = d/c.
            let c = 0.015 * value[i], t = Double(deductible) / c
            let expected = rate * c * exp(-t) * (t + 2)
            var note = [roofNotes[roof][rng.int(below: 4)], otherNotes[rng.int(below: otherNotes.count)]]
            if rng.chance(0.5) { note.reverse() }
            table.row([.text("P" + pad(i + 1, 7)), .number(value[i], decimals: 0), .number(age[i], decimals: 0), .text(wall.name),
                       .number(risk[i], decimals: 3), .number(credit[i], decimals: 0), .int(deductible),
                       .text(note.joined(separator: " ").trimmingCharacters(in: .whitespaces))],
                      label: .number(loss, decimals: 2), expected: expected, isTest: i >= rows)
        }
    }
}
