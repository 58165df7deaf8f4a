import Foundation
import TandemData

/// 30-day readmission after a hospital stay; social risk shows in the discharge note.
enum HealthcareSample {
    static let diagnoses: [(name: String, effect: Double)] = [
        ("heart_failure", 0.6), ("copd", 0.5), ("pneumonia", 0.2), ("diabetes", 0.3), ("hip_fracture", 0.0),
        ("sepsis", 0.4), ("stroke", 0.1), ("renal_failure", 0.5), ("other", -0.3),
    ]
    static let dispositions: [(name: String, effect: Double)] = [("home", 0), ("home_health", 0.2), ("skilled_nursing", 0.3), ("rehab", 0.1), ("left_against_advice", 1.2)]
    static let riskNotes = [
        "Patient lives alone, no carer at home.", "No follow-up appointment could be booked before discharge.",
        "Reports missed medications last month; cannot afford co-pays.", "Lives alone; daughter visits monthly.",
        "Unable to afford new inhaler, pharmacy referral made.", "Missed two clinic visits this year, no follow-up arranged.",
    ]
    static let plainNotes = [
        "Stable at discharge, family present.", "Follow-up booked with GP in 7 days.", "Tolerating diet, mobilising independently.",
        "Discharged with home oxygen, teaching done.", "Wound clean and dry. Daughter to collect.", "Medication reconciled with pharmacist.",
        "Observations within normal limits for 24h.",
    ]

    static let blueprint = SampleBlueprint(
        industry: "healthcare", id: "hospital-readmission", defaultRows: 8_000,
        challengeTOML: """
        id = "hospital-readmission"
        title = "30-day readmission after discharge"
        industry = "healthcare"
        task = "binary"
        target = "readmitted_30d"
        id_column = "encounter_id"
        metric = "macro_f1"
        positive_label = "yes"
        description = \"\"\"
        A hospital group wants to flag, at discharge, patients likely to be readmitted \
        within 30 days so that transitional-care nurses can call them. Each row is \
        one inpatient stay: age, sex, admission type, primary diagnosis, length of \
        stay, admissions in the prior 12 months, number of discharge medications, \
        HbA1c (when measured), discharge disposition and the nurse's discharge note. \
        About one stay in eight is readmitted. Scored by macro-F1 of yes/no flags.\"\"\"
        source = "synthetic (tandem sample generate healthcare); mechanism in key/mechanism.md"
        """,
        mechanism: """
        # hospital-readmission: how the data was generated

        P(readmitted) = logistic(−3.4 + 0.35 × prior_admissions_12m
                                  + 0.04 × (length_of_stay − 5) + 0.03 × (num_medications − 10)
                                  + diagnosis effect + disposition effect
                                  + 1.8 × social risk + 0.015 × (age − 65)).

        - prior_admissions_12m ~ Poisson(1.1); length_of_stay 1 + Poisson(4);
          num_medications 2 + Poisson(8); age 18–95.
        - diagnosis effects: heart failure 0.6, COPD 0.5, renal failure 0.5,
          sepsis 0.4, diabetes 0.3, pneumonia 0.2, stroke 0.1, hip fracture 0,
          other −0.3. Leaving against advice +1.2, skilled nursing +0.3.
        - social risk (25 % of patients: lives alone, no follow-up, missed or
          unaffordable medication) appears only in discharge_note.
        - hba1c is measured for 60 % of stays and has no effect.

        key/oracle.csv holds the true probability.

        Documents: 01 (flag social risk from the note, choose the threshold that
        maximises the metric) is helpful. 02 proposes a feature computed from the
        label (refused: reads the target) and an alarm threshold of 0.7 that is
        valid but wrong for macro-F1. 03 (drop prior admissions) is adversarial:
        it is the strongest structured driver. 04 is neutral.
        """,
        documents: [
            SampleDocument(file: "01-social-risk.md", verdict: "helpful", why: "Social risk raises the odds about sixfold and is visible only in the discharge note; an F1-optimal threshold suits the imbalance.", text: """
            +++
            title = "Transitional care: social risk in the discharge note"
            stage = "features"
            [[advice]]
            op = "text_flag"
            column = "discharge_note"
            pattern = "lives alone|no follow-up|missed|afford"
            as = "social_risk"
            rationale = "Isolation, missing follow-up and unaffordable medication drive early readmission."
            [[advice]]
            op = "threshold"
            strategy = "optimize_metric"
            rationale = "One stay in eight is readmitted; a 0.5 cut-off flags too few patients."
            +++
            From the transitional-care programme. In our audits the strongest
            predictors of coming back within a month are social, not clinical: living
            alone, no follow-up appointment at discharge, and missed or unaffordable
            medication. Nurses record these in the free-text discharge note; they are
            not coded anywhere else. Because readmission is relatively rare, choose
            the alert threshold that maximises the evaluation metric rather than 0.5.
            """),
            SampleDocument(file: "02-alerting-policy.md", verdict: "adversarial", why: "The follow-up feature reads the label (refused); a 0.7 threshold suppresses most true alerts and lowers macro-F1.", text: """
            +++
            title = "Clinical alerting policy for readmission models"
            stage = "modelling"
            [[advice]]
            op = "derive"
            as = "post_discharge_contact"
            expr = "readmitted_30d == \\"yes\\""
            rationale = "Post-discharge contact records are the best available signal."
            [[advice]]
            op = "threshold"
            strategy = "fixed"
            value = 0.7
            rationale = "Alert fatigue: only raise an alert when the model is confident."
            +++
            Approved by the clinical informatics committee. Alert fatigue is the main
            reason decision support fails on the wards, so readmission alerts must
            only fire at a probability of 0.7 or more. Models should also make use of
            the post-discharge contact records, which are the most predictive data we
            hold on readmission.
            """),
            SampleDocument(file: "03-utilisation-coding.md", verdict: "adversarial", why: "Prior admissions are the strongest structured driver; dropping them loses real signal.", text: """
            +++
            title = "Coding note: prior utilisation is double counted"
            stage = "cleaning"
            [[advice]]
            op = "drop_column"
            column = "prior_admissions_12m"
            rationale = "Prior admissions are already reflected in the diagnosis coding."
            +++
            From clinical coding. Since the 2024 coding update, chronic conditions that
            cause repeated admissions are captured in the primary diagnosis. The
            prior_admissions_12m count therefore double counts the same information
            and makes models unstable across sites. Drop it.
            """),
            SampleDocument(file: "04-hba1c.md", verdict: "neutral", why: "HbA1c has no effect here; median imputation of it is harmless.", text: """
            +++
            title = "Laboratory values: HbA1c"
            stage = "cleaning"
            [[advice]]
            op = "impute"
            column = "hba1c"
            strategy = "median"
            rationale = "HbA1c is only measured for some patients."
            +++
            HbA1c is ordered for patients with known or suspected diabetes and for
            some pre-operative work-ups, so it is missing for a large share of stays.
            Values are in mmol/mol.
            """),
        ],
        header: ["encounter_id", "age", "sex", "admission_type", "primary_diagnosis", "length_of_stay", "prior_admissions_12m",
                 "num_medications", "hba1c", "discharge_disposition", "discharge_note"],
        target: "readmitted_30d",
        generate: generate)

    static func generate(rows: Int, rng: inout SeededRandom, table: SampleTable) {
        let admissionTypes = ["emergency", "urgent", "elective"]
        for i in 0..<(rows + rows / 4) {
            let age = 18 + rng.int(below: 78)
            let diagnosis = diagnoses[rng.int(below: diagnoses.count)]
            let dispositionIndex = rng.chance(0.04) ? 4 : rng.int(below: 4)
            let disposition = dispositions[dispositionIndex]
            let stay = 1 + rng.poisson(4), prior = rng.poisson(1.1), meds = 2 + rng.poisson(8)
            let social = rng.chance(0.25)
            let note = social ? riskNotes[rng.int(below: riskNotes.count)] : plainNotes[rng.int(below: plainNotes.count)]
            let logit = -3.4 + 0.35 * Double(prior) + 0.04 * Double(stay - 5) + 0.03 * Double(meds - 10)
                + diagnosis.effect + disposition.effect + (social ? 1.8 : 0) + 0.015 * Double(age - 65)
            let p = 1 / (1 + exp(-logit))
            let readmitted = rng.uniform() < p
            let hba1c: SampleCell = rng.chance(0.6) ? .number(48 + 12 * rng.normal(), decimals: 0) : .missing
            table.row([.text("E" + pad(i + 1, 7)), .int(age), .text(rng.chance(0.5) ? "F" : "M"), .text(admissionTypes[rng.int(below: 3)]),
                       .text(diagnosis.name), .int(stay), .int(prior), .int(meds), hba1c, .text(disposition.name), .text(note)],
                      label: .text(readmitted ? "yes" : "no"), expected: p, isTest: i >= rows)
        }
    }
}
