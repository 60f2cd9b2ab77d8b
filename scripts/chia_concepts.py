"""Count the conditions, drug classes, drugs and procedures Chia's criteria name most.

    python scripts/chia_concepts.py [--top 200] [--seed 20261207] [--examples 0] [--unread]

Reads ../shared/corpus/chia/criteria.jsonl where it is (never copied). Candidate phrases
are the lines' word n-grams (1 to 5 words); a phrase counts as what the concept table names
it, else as a condition when it is an ICD-10-CM description or inclusion term
(simple-icd-10-cm, "unspecified", "NOS" and parentheses taken off), else (1 or 2 words) as a
drug, drug class or procedure by its last word or ending (DRUG_WORDS, PROCEDURE_WORDS ...). Each
line counts a phrase once, and a phrase inside a longer counted one on the same line is
not counted again ("heart failure" in "congestive heart failure").

Only lines of growth trials (scripts/sample_chia.py split_of) are counted and shown: the
measure split's lines are the yardstick and are never read for choosing. The output says
which phrases the concept table (engine/data/concepts.yaml) already names. --examples N
prints N example line ids per phrase, drawn with the seed. --unread counts instead the
words of the growth lines the engine leaves to a person because the table lacks them
("'moyamoya disease' is no condition, treatment or procedure the concept table names"):
the next concepts to add.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.sample_chia import CHIA, split_of  # noqa: E402

# Words ICD-10-CM descriptions carry that criteria leave out.
_ICD_NOISE = re.compile(r",?\s*\b(unspecified|not elsewhere classified|nec|nos)\b|\s*\[[^\]]*\]|\s*\([^)]*\)", re.I)
# A drug, a drug class or a treatment named by its last word (or its ending).
DRUG_WORDS = ("inhibitor", "inhibitors", "agonist", "agonists", "antagonist", "antagonists", "therapy",
              "therapies", "chemotherapy", "agents", "agent", "drugs", "medications", "medication",
              "vaccine", "vaccines", "antibiotics", "steroids", "corticosteroids", "anticoagulants",
              "anticoagulation", "antibodies", "antibody", "immunotherapy", "insulin", "blockers")
DRUG_ENDINGS = ("mab", "nib", "platin", "taxel", "rubicin", "statin", "pril", "sartan", "olol", "limus",
                "parin", "xaban", "gliptin", "gliflozin", "glutide", "azole", "cillin", "mycin", "floxacin",
                "vir", "tide", "one", "sone", "lone", "pine", "zumab", "ximab", "formin", "lukast")
PROCEDURE_WORDS = ("surgery", "transplant", "transplantation", "radiotherapy", "radiation", "resection",
                   "procedure", "procedures", "intervention", "dialysis", "graft", "grafting", "bypass",
                   "angioplasty", "implantation", "biopsy", "stent", "stenting", "ablation", "embolization")
PROCEDURE_ENDINGS = ("ectomy", "otomy", "ostomy", "plasty", "scopy")
# Words no phrase starts or ends with (a phrase is a name, not a piece of a sentence).
_EDGE_STOP = frozenset("a an the of or and with to in on for by at as from any other no not is are be "
                       "has have had who which that this than prior previous history known current "
                       "within during patients patient subjects subject participants study".split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def icd_descriptions() -> dict[str, str]:
    """ICD-10-CM description (lower case, noise words off) -> the shortest code that has it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd
    names: dict[str, str] = {}
    for code in icd.get_all_codes(with_dots=True):
        if icd.is_chapter_or_block(code):
            continue
        for text in (icd.get_description(code), *icd.get_inclusion_term(code)):
            name = " ".join(_ICD_NOISE.sub("", text.lower()).split()).strip(" ,")
            if name and (name not in names or len(code) < len(names[name])):
                names[name] = code
    return names


def kind_of(phrase: str, conditions: dict[str, str]) -> str | None:
    from engine.concepts import concepts
    words = phrase.split()
    last = words[-1]
    known = concepts().exact(phrase)
    if known is not None:
        return concepts()[known].kind
    if phrase in conditions:
        return "condition"
    if len(words) > 2:
        return None
    if last in PROCEDURE_WORDS or last.endswith(PROCEDURE_ENDINGS):
        return "procedure"
    if last in DRUG_WORDS or (len(words) == 1 and len(last) > 6 and last.endswith(DRUG_ENDINGS)):
        return "medication"
    return None


def candidates(text: str, longest: int = 5):
    words = _WORD.findall(text.lower())
    for size in range(longest, 0, -1):
        for start in range(len(words) - size + 1):
            gram = words[start:start + size]
            if gram[0] in _EDGE_STOP or gram[-1] in _EDGE_STOP:
                continue
            yield start, size, " ".join(gram)


def count(rows: list[dict], conditions: dict[str, str]) -> tuple[Counter, dict[str, list[str]]]:
    counts: Counter = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        taken: list[tuple[int, int]] = []
        seen: set[str] = set()
        for start, size, phrase in candidates(row["text"]):
            if phrase in seen or any(s <= start and start + size <= s + n for s, n in taken):
                continue
            kind = kind_of(phrase, conditions)
            if kind is None:
                continue
            taken.append((start, size))
            seen.add(phrase)
            counts[(kind, phrase)] += 1
            where[phrase].append(row["id"])
    return counts, where


_UNNAMED = re.compile(r"'(?P<words>[^']+)' is no condition, treatment or procedure the concept table names")


def unread(rows: list[dict]) -> Counter:
    """The words (lower case) each line left to a person for a concept the table lacks names."""
    from engine import compile_criterion
    from engine.nodes import contains_manual
    counts: Counter = Counter()
    for row in rows:
        criterion = compile_criterion(row["text"], "exclusion" if row["section"] == "exclusion" else "inclusion")
        if contains_manual(criterion.tree):
            counts.update({m["words"].lower() for p in criterion.problems if (m := _UNNAMED.search(p[1]))})
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--unread", action="store_true",
                        help="count the names growth lines use that the concept table lacks")
    args = parser.parse_args(argv)
    if not CHIA.is_file():
        print(f"error: {CHIA}: Chia's criteria.jsonl is not there (../shared/corpus/chia/)", file=sys.stderr)
        return 2
    from engine.concepts import concepts
    rows = [json.loads(line) for line in CHIA.read_text("utf-8").splitlines() if line.strip()]
    growth = [row for row in rows if split_of(row["nct"]) == "growth"]
    print(f"# {len(rows)} Chia lines, {len(growth)} of growth trials counted "
          f"({len(rows) - len(growth)} of measure trials left unread)")
    if args.unread:
        print("count\tnot in the concept table")
        for words, n in unread(growth).most_common(args.top):
            print(f"{n}\t{words}")
        return 0
    conditions = icd_descriptions()
    counts, where = count(growth, conditions)
    rng = random.Random(args.seed)
    table = concepts()
    print("count\tkind\tphrase\tICD-10-CM\tin table")
    for (kind, phrase), n in counts.most_common(args.top):
        covered = table.exact(phrase) or "-"
        line = f"{n}\t{kind}\t{phrase}\t{conditions.get(phrase, '-')}\t{covered}"
        if args.examples:
            ids = where[phrase]
            line += "\t" + " ".join(sorted(rng.sample(ids, min(args.examples, len(ids)))))
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
