#!/usr/bin/env python3
"""Writes Tests/Fixtures/agentds-commerce: a challenge folder laid out as AgentDS shipped its domains, written with
Python's own csv and json modules (as a competition's organisers would), not by tandem. Deterministic (seed 7).

train.csv / test.csv keyed by two columns (sku_id, week), 19-digit SKU ids of which neighbours collide through a
double; products.csv a lookup (csv module: CRLF line ends); promotions.json a pretty-printed nested history (one list
of objects per SKU, a nested brand object); events.jsonl free-text store notes by week. The signal sits in the side
files: base demand per product, recent promotions (before the week), and event sentences."""
import csv, json, os, random

random.seed(7)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "agentds-commerce")
os.makedirs(os.path.join(out, "docs"), exist_ok=True)
os.makedirs(os.path.join(out, "key"), exist_ok=True)

BASE = 1152921504606846977  # 2**60 + 1: sku k and k + 1 are one double
skus = [BASE + k for k in range(24)]
categories = ["snacks", "drinks", "household", "frozen"]
products = {s: (random.choice(categories), round(random.uniform(20, 80), 1)) for s in skus}
weeks_train, weeks_test = range(1, 17), range(17, 22)
spike_weeks = {4, 9, 13, 18, 20}
notes = {w: ("Heatwave across the region, stores report queues." if w in spike_weeks and w % 2 == 0
             else "Street festival downtown this weekend!" if w in spike_weeks
             else random.choice(["Quiet week.", "Normal trading; two cashiers off sick.", "Roadworks on Main St."]))
         for w in range(1, 22)}
promos = {s: sorted(random.sample(range(1, 22), 6)) for s in skus}


def recent_promos(s, w):
    return sum(1 for p in promos[s] if w - 4 <= p < w)


def units(s, w):
    base = products[s][1]
    return round(base * (1.6 if w in spike_weeks else 1.0) + 6 * recent_promos(s, w) + random.gauss(0, 3), 1)


def price(s, w):
    return round(2 + (s - BASE) * 0.25 + random.uniform(-0.2, 0.2), 2)


with open(os.path.join(out, "train.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["sku_id", "week", "price", "units"])
    for week in weeks_train:
        for s in skus:
            w.writerow([s, week, price(s, week), units(s, week)])
with open(os.path.join(out, "test.csv"), "w", newline="") as f, \
        open(os.path.join(out, "key", "test_labels.csv"), "w", newline="") as k, \
        open(os.path.join(out, "sample_submission.csv"), "w", newline="") as sub:
    w, kw, sw = csv.writer(f), csv.writer(k), csv.writer(sub)
    w.writerow(["sku_id", "week", "price"]); kw.writerow(["sku_id", "week", "units"]); sw.writerow(["sku_id", "week", "units"])
    for week in weeks_test:
        for s in skus:
            w.writerow([s, week, price(s, week)]); kw.writerow([s, week, units(s, week)]); sw.writerow([s, week, 0])
with open(os.path.join(out, "products.csv"), "w", newline="") as f:
    w = csv.writer(f)  # the csv module's default dialect ends lines with CRLF
    w.writerow(["sku_id", "category", "base_demand"])
    for s in skus:
        w.writerow([s, products[s][0], products[s][1]])
with open(os.path.join(out, "promotions.json"), "w") as f:
    json.dump([{"sku_id": s, "brand": {"name": "B%d" % (i % 5), "tier": i % 3},
                "promos": [{"week": p, "discount": round(random.uniform(0.05, 0.3), 2)} for p in promos[s]]}
               for i, s in enumerate(skus)], f, indent=2)
with open(os.path.join(out, "events.jsonl"), "w") as f:
    for week in range(1, 22):
        f.write(json.dumps({"week": week, "note": notes[week]}) + "\n")

docs = {
    "01-products.md": ('+++\ntitle = "The product table"\n[[advice]]\nop = "join"\ntable = "products"\non = "sku_id"\n'
                       'rationale = "base demand differs by product"\n+++\nEach SKU\'s base demand is in products.csv.\n'),
    "02-promotions.md": ('+++\ntitle = "Promotions lift the next weeks"\n[[advice]]\nop = "aggregate"\ntable = "promotions.json"\n'
                         'on = "sku_id"\nstat = "count"\nbefore = "week"\nwindow = 4\nas = "recent_promos"\n'
                         'rationale = "promotions of the last four weeks"\n+++\nCount a SKU\'s promotions in the four weeks before.\n'),
    "03-events.md": ('+++\ntitle = "Store events"\n[[advice]]\nop = "join"\ntable = "events"\non = "week"\ncolumns = ["note"]\n'
                     '[[advice]]\nop = "text_flag"\ncolumn = "note"\npattern = "heatwave|festival"\nas = "event_spike"\n'
                     '+++\nHeatwaves and festivals drive spikes; the weekly notes say when.\n'),
    "04-promo-totals.md": ('+++\ntitle = "Average discount"\n[[advice]]\nop = "aggregate"\ntable = "promotions"\non = "sku_id"\n'
                           'column = "discount"\nstat = "mean"\n+++\nUse each SKU\'s average discount over its whole history.\n'),
}
for name, text in docs.items():
    with open(os.path.join(out, "docs", name), "w") as f:
        f.write(text)
with open(os.path.join(out, "key", "documents.toml"), "w") as f:
    for name, verdict in [("01-products.md", "helpful"), ("02-promotions.md", "helpful"), ("03-events.md", "helpful"),
                          ("04-promo-totals.md", "adversarial")]:
        f.write('[[document]]\nfile = "%s"\nverdict = "%s"\nwhy = "fixture"\n\n' % (name, verdict))
with open(os.path.join(out, "description.md"), "w") as f:
    f.write("# Weekly demand per SKU\n\nPredict units sold per SKU and week. Side files: products, promotions, events.\n")
