"""Generate a synthetic facts folder of a given size, in the curated-facts format, seeded.

    python bench/generate.py --triples 100000 --seed 1 --out /tmp/facts-100k

The shape follows the Derna data: actors of several kinds with aliases, persons with
roles, alliances and oppositions, operations within operations, events with places,
perpetrators, targets and fatalities, and claims with one to three pieces of evidence
from a pool of documents, some of them disputed or denied.
"""

import argparse
import hashlib
import random
from pathlib import Path

import yaml

TRIPLES_PER_CLAIM = 32  # what one claim costs in the built graph (asserted, provenance and inferred), measured
ORG_TYPES = ["ArmedGroup", "ArmedGroup", "ArmedGroup", "Coalition", "Government", "GovernmentBody", "State", "MediaOutlet"]
EVENT_TYPES = ["Airstrike", "Attack", "Clash", "Siege", "Offensive", "Withdrawal", "Capture"]
SYLLABLES = ["al", "ba", "dar", "na", "qa", "ri", "sha", "tu", "zen", "mor", "kal", "fe", "lo", "vin", "gha", "ur"]


def word(rng, n=3):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, n))).capitalize()


def generate(triples, seed=1):
    """The facts files (name -> data) of a synthetic data set of about ``triples`` triples."""
    rng = random.Random(seed)
    claims_wanted = max(20, triples // TRIPLES_PER_CLAIM)
    n_orgs = max(6, claims_wanted // 8)
    n_persons = max(4, n_orgs // 2)
    n_places = max(3, n_orgs // 4)
    n_ops = max(2, n_orgs // 10)
    n_events = max(4, claims_wanted // 6)
    n_docs = max(2, claims_wanted // 50)

    docs = [{"file": f"doc{i:06d}.txt", "title": f"Report {i}", "kind": "synthetic report",
             "sha256": hashlib.sha256(f"doc{i}".encode()).hexdigest(), "reliability": rng.choice("BCDF")}
            for i in range(n_docs)]
    names = set()

    def entity(prefix, i, kind, label):
        while label.lower() in names:
            label += f" {word(rng, 2)}"
        names.add(label.lower())
        alias = f"{prefix.upper()}{i}-{label[:3].upper()}"
        names.add(alias.lower())
        return {"id": f"{prefix}-{i}", "type": kind, "label": label, "aliases": [alias]}

    orgs = [entity("org", i, rng.choice(ORG_TYPES), f"{word(rng)} {rng.choice(['Brigade', 'Council', 'Front', 'Army', 'Guard'])}") for i in range(n_orgs)]
    persons = [entity("person", i, "Person", f"{word(rng)} {word(rng)}") for i in range(n_persons)]
    places = [entity("place", i, rng.choice(["City", "District", "Facility"]), word(rng, 4)) for i in range(n_places)]
    ops = [dict(entity("op", i, "MilitaryOperation", f"Operation {word(rng)}"), date={"text": "last spring"},
                evidence=[{"doc": rng.choice(docs)["file"], "quote": f"Operation {i} began."}]) for i in range(n_ops)]
    events = [dict(entity("event", i, rng.choice(EVENT_TYPES), f"{word(rng)} incident {i}"),
                   date=f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}", place=rng.choice(places)["id"],
                   evidence=[{"doc": rng.choice(docs)["file"], "quote": f"Incident {i} happened."}]) for i in range(n_events)]
    disputes = [{"id": f"dispute-{i}", "label": f"Who carried out incident {i}?"} for i in range(max(1, n_events // 20))]

    def evidence():
        return [{"doc": rng.choice(docs)["file"], "quote": f"Sentence {rng.randint(0, 10**9)} of a report.",
                 "claimant": rng.choice(["author", rng.choice(persons)["id"]]), "grade": f"{rng.choice('BCDF')}{rng.randint(1, 6)}"}
                for _ in range(rng.randint(1, 3))]

    claims, seen = [], set()

    def claim(subject, relation, obj=None, value=None, **extra):
        key = (subject, relation, obj, value, extra.get("stance"))
        if key in seen or subject == obj:
            return
        seen.add(key)
        c = {"subject": subject, "relation": relation, **({"object": obj} if obj else {"value": value}), **extra, "evidence": evidence()}
        claims.append(c)

    for op in ops[1:]:
        claim(op["id"], "partOf", rng.choice(ops[: ops.index(op)])["id"])
    for p in persons:
        claim(p["id"], rng.choice(["commands", "spokespersonFor", "memberOf"]), rng.choice(orgs)["id"], role="commander")
    for i, e in enumerate(events):
        claim(rng.choice(orgs)["id"], "conducts", e["id"], **({"dispute": disputes[i // 20]["id"]} if i % 20 == 0 and i // 20 < len(disputes) else {}))
        claim(e["id"], "targets", rng.choice(orgs + places)["id"])
        claim(e["id"], "fatalities", value=rng.randint(0, 40), qualifier="at least")
    relations = ["alliedWith", "opposes", "opposes", "supports", "backs", "memberOf", "subOrganizationOf", "affiliatedWith"]
    stance = {}  # a pair is allied or opposed, not both, as in real data where a change would be disputed
    while len(claims) < claims_wanted:
        rel = rng.choice(relations)
        a, b = rng.sample(orgs, 2)
        if rel in ("alliedWith", "opposes"):
            pair = tuple(sorted((a["id"], b["id"])))
            if stance.setdefault(pair, rel) != rel:
                continue
        if rel in ("memberOf", "subOrganizationOf") and (a["type"] == "State" or b["type"] == "State"):
            continue
        claim(a["id"], rel, b["id"], **({"stance": "denies"} if rng.random() < 0.03 else {}))
    return {
        "dataset.yaml": {"id": f"synthetic-{triples}", "title": f"Synthetic data set of about {triples} triples",
                         "namespace": "https://example.org/synthetic/", "curator": "bench/generate.py"},
        "documents.yaml": {"documents": docs},
        "entities.yaml": {"entities": orgs + persons + places + ops + events},
        "disputes.yaml": {"disputes": disputes},
        "claims.yaml": {"claims": claims},
    }


def write(files, out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        with open(out / name, "w", encoding="utf-8") as f:
            yaml.dump(data, f, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    write(generate(args.triples, args.seed), args.out)


if __name__ == "__main__":
    main()
