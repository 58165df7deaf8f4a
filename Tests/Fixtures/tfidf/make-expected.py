"""Writes sklearn-expected.json: scikit-learn's TfidfVectorizer (fitted on the first 8 texts, applied to all 10) on
texts written the way people write notes, for TextTfidfTests. Run with the bench venv: .venv/bin/python make-expected.py
"""
import json
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

texts = [
    "Late delivery, box DAMAGED!!",
    "late delivery again; customer_id 4411 called",
    "On time. Café au lait spilled — naïve packer",
    "on time, on budget",
    "Delivery late late late",
    "",
    "Box ok. Café ok.",
    "damaged box, late delivery",
    "held-out only: refund requested",
    "LATE café delivery",
]
cases = []
for params in [dict(max_features=6), dict(max_features=8, ngram_range=(1, 2)), dict(max_features=20, min_df=2)]:
    v = TfidfVectorizer(**params)
    v.fit(texts[:8])
    m = v.transform(texts).toarray()
    vocab = sorted(v.vocabulary_, key=v.vocabulary_.get)
    cases.append({"max_features": params["max_features"], "ngram": params.get("ngram_range", (1, 1))[1],
                  "min_df": params.get("min_df", 1),
                  "columns": {term: [round(float(x), 12) for x in m[:, i]] for i, term in enumerate(vocab)}})
with open("sklearn-expected.json", "w") as f:
    json.dump({"sklearn": sklearn.__version__, "texts": texts, "train_rows": 8, "cases": cases}, f, indent=1, ensure_ascii=False)
