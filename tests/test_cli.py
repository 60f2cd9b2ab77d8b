"""The `elig` command line, run in-process through main(argv)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from engine import load_decisions, load_patient, load_trial, screen
from engine.review import decisions_beside, for_trial
from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_USAGE, main
from engine.screen import VERDICTS

from .conftest import ROOT, sample_profiles

RULES = str(ROOT / "rules" / "NCT00699491.yaml")
PATIENTS = str(ROOT / "patients")


def sample_results() -> list:
    """The library's answers for the sample patients against RULES, with the review decisions
    kept beside a profile: what the CLI must say."""
    trial = load_trial(RULES)
    results = []
    for path in sample_profiles():
        beside = decisions_beside(path)
        decisions = for_trial(load_decisions(beside).decisions, trial.id) if beside else ()
        results.append(screen(trial, load_patient(path), date(2026, 11, 1), decisions=decisions))
    return results


def test_screen_prints_the_summary_first_then_every_criterion(capsys):
    assert main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text.startswith("Summary")
    results = sample_results()
    assert any(r.failures for r in results)
    for r in results:                               # each in the summary and again in the details
        assert f"{r.patient_id}: {r.headline}\n" in text
        assert text.count(r.headline) == 2 * sum(o.headline == r.headline for o in results), r.headline
        assert all(f"  ✘ {failure}\n" in text for failure in r.failures), r.failures
    counts = Counter(r.verdict for r in results)
    tally = f"{len(results)} results: " + ", ".join(f"{counts[v]} {v}" for v in VERDICTS)
    assert text.index(tally) < text.index("needs manual review")


def test_screen_summary_is_one_sentence_per_patient_and_trial_with_each_failure(capsys):
    assert main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01", "--summary"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "needs manual review" not in text and "to resolve" not in text
    for r in sample_results():
        assert f"{r.patient_id}: {r.headline}\n" in text and all(f"  ✘ {f}\n" in text for f in r.failures)
    assert "✘ inc-12: Platelets 85 ×10^9/L on 2026-10-29 (= 85,000/µL) does not meet ≥ 100,000/µL" in text


def test_progress_is_on_stderr_only_when_asked_or_on_a_terminal(capsys):
    assert main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01", "--json", "--progress"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "Screening patients" in captured.err and "100%" in captured.err
    assert len(json.loads(captured.out)) == len(sample_results())
    assert main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    assert "Screening patients" not in capsys.readouterr().err       # stderr here is no terminal


def test_progress_shows_when_stderr_is_a_terminal_and_stdout_stays_clean(tmp_path):
    """Many patients, stderr a terminal (a pty), stdout to a file: the bar is on the
    terminal only; with few patients there is none."""
    import os
    import pty

    def run(*paths: str) -> tuple[str, str]:
        leader, follower = pty.openpty()
        out = tmp_path / "out.json"
        with out.open("w") as stdout, subprocess.Popen(
                [str(INSTALLED_ELIG), "screen", RULES, *paths, "--as-of", "2026-11-01", "--json"],
                stdout=stdout, stderr=follower) as proc:
            os.close(follower)
            terminal = b""
            while chunk := _read(leader):
                terminal += chunk
            proc.wait(timeout=120)
        os.close(leader)
        return out.read_text(encoding="utf-8"), terminal.decode("utf-8", "replace")

    out, terminal = run(PATIENTS)
    assert "Screening patients" in terminal and len(json.loads(out)) == len(sample_results())
    out, terminal = run(str(ROOT / "patients" / "p01-eligible-conventional.yaml"))
    assert "Screening patients" not in terminal and len(json.loads(out)) == 1


def _read(fd: int) -> bytes:
    import os
    try:
        return os.read(fd, 65536)
    except OSError:           # EIO: the process closed the terminal
        return b""


@pytest.mark.parametrize("command", ["", "screen", "explain", "check", "profile-report", "import", "export", "serve",
                                     "batch", "funnel"])
def test_help_shows_no_python_types(command, capsys):
    main([*command.split(), "--help"])
    text = capsys.readouterr().out
    assert "Usage: elig" in text
    assert not re.search(r"<(list|str|bool|int|path|float)\b", text), text


def test_screen_json_is_machine_readable(capsys):
    assert main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    results = json.loads(capsys.readouterr().out)
    assert len(results) >= 8
    for result in results:
        assert result["verdict"] in ("eligible", "eligible pending review", "needs data", "not eligible")
        assert len(result["outcomes"]) == 45
        assert {o["status"] for o in result["outcomes"]} <= {"pass", "fail", "unknown"}


def test_one_bad_file_is_reported_and_the_rest_screened(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: X\nlabs: [{test: platelets, value: lots}]\n", encoding="utf-8")
    code = main(["screen", RULES, PATIENTS, str(bad), "--as-of", "2026-11-01", "--json"])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT
    assert "labs.0.value" in captured.err and "broken.yaml" in captured.err
    assert len(json.loads(captured.out)) >= 8


def test_screen_undeclared_cohort_is_a_usage_error(capsys):
    code = main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01", "--cohort", "phase 3"])
    captured = capsys.readouterr()
    assert code == EXIT_USAGE and captured.out == ""
    assert captured.err.splitlines()[-1] == ("error: --cohort: cohort 'phase 3' is not one of trial "
                                             "NCT00699491's cohorts (phase II, phase I)")


def test_screen_arabic_cohort_is_the_declared_roman_one(capsys):
    results = []
    for cohort in ("phase II", "phase 2"):
        assert main(["screen", RULES, PATIENTS, "--as-of", "2026-11-01", "--json", "--cohort", cohort]) == EXIT_OK
        results.append(json.loads(capsys.readouterr().out))
    assert results[0] == results[1]


def test_two_patient_files_with_one_id_are_warned_about_and_kept_apart(tmp_path, capsys):
    """p02's low platelets under p01's id: not one patient screened twice under one id."""
    first, second = tmp_path / "p01.yaml", tmp_path / "p02-as-p01.yaml"
    first.write_bytes((ROOT / "patients" / "p01-eligible-conventional.yaml").read_bytes())
    second.write_text((ROOT / "patients" / "p02-low-platelets.yaml").read_text(encoding="utf-8")
                      .replace("id: P02-LOW-PLT", "id: P01-ELIGIBLE-US"), encoding="utf-8")
    assert main(["screen", RULES, str(first), str(second), "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert captured.err.strip() == (f"warning: patient id P01-ELIGIBLE-US is in 2 files ({first}, {second}): "
                                    f"each is screened apart, under its id and file")
    verdicts = {r["patient_id"]: r["verdict"] for r in json.loads(captured.out)}
    assert verdicts == {f"P01-ELIGIBLE-US ({first})": "eligible pending review",
                        f"P01-ELIGIBLE-US ({second})": "not eligible"}


def test_a_profile_and_a_lab_table_with_one_id_are_kept_apart(tmp_path, capsys):
    profile, table = tmp_path / "p1.yaml", tmp_path / "labs.csv"
    profile.write_text("id: P1\nsex: female\n", encoding="utf-8")
    table.write_text("patient_id,test,value,unit,date\nP1,platelets,50,10*9/L,2026-10-28\n", encoding="utf-8")
    assert main(["screen", RULES, str(profile), str(table), "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert f"warning: patient id P1 is in 2 files ({profile}, labs.csv)" in captured.err
    assert sorted(r["patient_id"] for r in json.loads(captured.out)) == [f"P1 ({profile})", "P1 (labs.csv)"]


def test_one_patient_file_given_twice_is_warned_about(tmp_path, capsys):
    path = str(ROOT / "patients" / "p01-eligible-conventional.yaml")
    assert main(["screen", RULES, path, path, "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert "warning: patient id P01-ELIGIBLE-US is in 2 files" in captured.err
    assert [r["patient_id"] for r in json.loads(captured.out)] == \
        [f"P01-ELIGIBLE-US ({path})", f"P01-ELIGIBLE-US ({path}) #2"]


def test_screen_needs_rules_and_patients(capsys):
    assert main(["screen", RULES]) == EXIT_USAGE
    assert "need at least one rules file and one patient" in capsys.readouterr().err


def test_bad_date_is_a_usage_error(capsys):
    assert main(["screen", RULES, PATIENTS, "--as-of", "1 Nov"]) == EXIT_USAGE


def test_explain_shows_the_reading(capsys):
    assert main(["explain", "AST and ALT ≤ 3 times ULN (5 times ULN if LFT elevations due to "
                            "liver metastases)"]) == EXIT_OK
    text = capsys.readouterr().out
    assert "if liver metastases:" in text and "AST (SGOT) ≤ 5 × ULN" in text


def test_explain_strict_shows_the_caret(capsys):
    assert main(["explain", "--strict", "Plateletts ≥ 100,000/μL"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "did you mean platelets?" in err and "^" in err


def test_check_prints_coverage_and_fails_on_errors(tmp_path, capsys):
    assert main(["check", str(ROOT / "rules")]) == EXIT_OK
    assert "19 of 45 criteria machine-evaluable" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("trial: T\ncriteria:\n  - id: a\n    text: \"Hemoglobinn ≥ 9 g/dL\"\n", encoding="utf-8")
    assert main(["check", str(bad)]) == EXIT_INPUT
    assert f"{bad}:3: a: error" in capsys.readouterr().out


INSTALLED_ELIG = Path(sys.executable).with_name("elig")


@pytest.mark.parametrize("args,message", [
    (["screen", "--bogus"], "No such option: --bogus"),
    (["import"], "Missing argument"),
    (["export", RULES], "Missing option '--format'"),
    (["serve", "--port", "99999"], "Invalid value for '--port'"),
    (["screen", RULES, "--as-of"], "'--as-of' requires an argument"),
    (["scren", RULES], "No such command 'scren'"),
])
def test_the_installed_elig_reports_a_usage_error_in_one_line_with_exit_2(args, message):
    assert INSTALLED_ELIG.is_file(), f"{INSTALLED_ELIG}: install the package (pip install -e .) to run this test"
    done = subprocess.run([str(INSTALLED_ELIG), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == EXIT_USAGE, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert message in done.stderr


def test_a_bare_elig_prints_the_help(capsys):
    assert main([]) == EXIT_USAGE
    assert "Usage: elig" in capsys.readouterr().out


@pytest.mark.parametrize("which", ["rules", "patient"])
def test_when_the_only_rules_or_patient_file_cannot_be_read_the_exit_code_is_1(which, tmp_path, capsys):
    missing = str(tmp_path / "missing.yaml")
    paths = [missing, PATIENTS] if which == "rules" else [RULES, missing]
    assert main(["screen", *paths, "--as-of", "2026-11-01"]) == EXIT_INPUT
    assert "missing.yaml: cannot read file" in capsys.readouterr().err


def test_a_file_over_the_size_limit_is_refused_and_the_flag_raises_the_limit(tmp_path, capsys):
    profile = tmp_path / "big.json"
    profile.write_text('{"id": "B1", "sex": "female"}' + " " * (1024 * 1024), encoding="utf-8")
    small = str(ROOT / "patients" / "p01-eligible-conventional.yaml")
    assert main(["screen", RULES, small, str(profile), "--as-of", "2026-11-01", "--json", "--max-input-mb", "1"]) \
        == EXIT_INPUT
    captured = capsys.readouterr()
    assert "big.json: larger than the input size limit of 1 MB" in captured.err
    assert [r["patient_id"] for r in json.loads(captured.out)] == ["P01-ELIGIBLE-US"]
    assert main(["screen", RULES, small, str(profile), "--as-of", "2026-11-01", "--json", "--max-input-mb", "2"]) \
        == EXIT_OK
    assert [r["patient_id"] for r in json.loads(capsys.readouterr().out)] == ["P01-ELIGIBLE-US", "B1"]


def test_an_endless_input_is_refused_without_being_read_whole(capsys):
    small = str(ROOT / "patients" / "p01-eligible-conventional.yaml")
    assert main(["screen", RULES, small, "/dev/zero", "--as-of", "2026-11-01", "--json", "--max-input-mb", "1"]) \
        == EXIT_INPUT
    assert "/dev/zero: larger than the input size limit of 1 MB" in capsys.readouterr().err
    assert main(["check", "/dev/zero", "--max-input-mb", "1"]) == EXIT_INPUT


def test_a_folder_names_the_subfolders_and_files_it_does_not_read(tmp_path, capsys):
    folder = tmp_path / "patients"
    (folder / "more").mkdir(parents=True)
    (folder / "more" / "p02.yaml").write_bytes((ROOT / "patients" / "p02-low-platelets.yaml").read_bytes())
    (folder / "p01.yaml").write_bytes((ROOT / "patients" / "p01-eligible-conventional.yaml").read_bytes())
    (folder / "notes.txt").write_text("not a profile\n", encoding="utf-8")
    assert main(["screen", RULES, str(folder), "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 1
    assert f"not read in {folder}:" in captured.err
    assert "1 subfolder(s) (more/;" in captured.err and "1 file(s) that are not YAML" in captured.err
    assert "(notes.txt)" in captured.err


def test_a_lab_table_patient_whose_every_row_was_skipped_is_kept_and_named(tmp_path, capsys):
    labs = tmp_path / "labs.csv"
    labs.write_text("patient_id,test,value,unit,date\n"
                    "P1,platelets,150,10*9/L,2026-10-28\n"
                    "P2,platelets,not done,10*9/L,2026-10-28\n"
                    "P2,zzz,1,mg/dL,2026-10-28\n", encoding="utf-8")
    assert main(["screen", RULES, str(labs), "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    captured = capsys.readouterr()
    results = {r["patient_id"]: r for r in json.loads(captured.out)}
    assert set(results) == {"P1", "P2"}
    platelets = next(o for o in results["P2"]["outcomes"] if o["criterion_id"] == "inc-12")
    assert platelets["status"] == "unknown"
    assert ("1 patient(s) with every lab record skipped (kept, with no lab results): "
            "P2 (1 value is not a number; 1 test not in the analyte catalogue)") in captured.err


def test_a_criterion_read_in_part_shows_its_fail_and_fails_the_patient(tmp_path, capsys):
    """'Hemoglobin ≥ 9 g/dL, Fridericia ...' is read in part: a hemoglobin of 7 fails it
    whatever the unread words say, and the table shows the fail, not 'review'."""
    rules = tmp_path / "NCT0PART.yaml"
    rules.write_text("trial: NCT0PART\ncriteria:\n  - id: inc-01\n    section: inclusion\n"
                     "    text: \"Postoperative day hemoglobin ≥ 9 g/dL, Fridericia correction\"\n"
                     "  - id: inc-02\n    section: inclusion\n"
                     "    text: \"Hemoglobin ≥ 9 g/dL, Fridericia correction\"\n", encoding="utf-8")
    patient = tmp_path / "p.yaml"
    patient.write_text("id: P\nlabs:\n  - {test: hemoglobin, value: 7, unit: g/dL, date: 2026-10-30}\n",
                       encoding="utf-8")
    assert main(["screen", str(rules), str(patient), "--as-of", "2026-11-01"]) == EXIT_OK
    text = capsys.readouterr().out
    row = next(line for line in text.splitlines() if line.startswith("│ inc-02"))
    assert "FAIL" in row.upper() and "✘ inc-02: Hemoglobin 7 g/dL" in text


# ------------------------------------------------------------------ review decisions
P01 = ROOT / "patients" / "p01-eligible-conventional.yaml"
P01_DECISIONS = ROOT / "patients" / "p01-eligible-conventional.decisions.yaml"


def _summary_of(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["screen", RULES, *args, "--as-of", "2026-11-01", "--summary"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_decisions_beside_the_profile_settle_its_review_and_are_not_read_as_a_patient(tmp_path, capsys):
    (tmp_path / P01.name).write_bytes(P01.read_bytes())
    (tmp_path / P01_DECISIONS.name).write_bytes(P01_DECISIONS.read_bytes())
    code, out, err = _summary_of(capsys, str(tmp_path))
    assert code == EXIT_OK and err == "", err
    assert ("P01-ELIGIBLE-US: Eligible for NCT00699491: all 19 machine-checkable criteria met; "
            "26 settled by review (Sample Coordinator, 2026-10-30).\n") in out
    assert "1 results: 1 eligible," in out


def test_decisions_given_with_the_option_or_among_the_paths(tmp_path, capsys):
    profile = tmp_path / "p01.yaml"
    profile.write_bytes(P01.read_bytes())
    code, out, _ = _summary_of(capsys, str(profile))
    assert code == EXIT_OK and "Eligible pending review for NCT00699491" in out
    for args in (["--decisions", str(P01_DECISIONS)], [str(P01_DECISIONS)]):
        code, out, err = _summary_of(capsys, str(profile), *args)
        assert code == EXIT_OK and err == "" and "Eligible for NCT00699491" in out, args


def test_decisions_are_in_the_json(tmp_path, capsys):
    assert main(["screen", RULES, str(P01), "--as-of", "2026-11-01", "--json"]) == EXIT_OK
    (result,) = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "eligible" and len(result["decisions"]) == len(result["reviewed"]) == 26
    first = next(o for o in result["outcomes"] if o["criterion_id"] == "inc-01")
    assert first["decision"] == {"trial": "NCT00699491", "criterion": "inc-01", "outcome": "met",
                                 "note": "Pathology report 2024-02-08 (core biopsy, left breast): invasive "
                                         "ductal carcinoma, ER+/PR+/HER2-",
                                 "reviewer": "Sample Coordinator", "decided": "2026-10-30"}
    assert first["check"] == "Check the pathology report: histologically confirmed diagnosis of breast cancer"


BAD_DECISIONS = [
    ("patient: P01-ELIGIBLE-US\ndecisions:\n  - {trial: NCT00699491, criterion: inc-01, outcome: met\n",
     ".decisions.yaml:4:1: invalid YAML"),
    ("patient: P01-ELIGIBLE-US\nreviewer: A\ndecided: 2026-10-30\ndecisions:\n"
     "  - {trial: NCT00699491, criterion: inc-01, outcome: yes}\n",
     ".decisions.yaml:5:45: decisions.0.outcome: expected one of met, not met, not applicable"),
    ("patient: P01-ELIGIBLE-US\nreviewer: A\ndecided: 2026-10-30\ndecisions:\n"
     "  - {trial: NCT00699491, criterion: inc-99, outcome: met}\n",
     ".decisions.yaml:5:5: decision for trial NCT00699491: no criterion 'inc-99' in that trial's rules"),
    ("patient: P01-ELIGIBLE-US\nreviewer: A\ndecided: 2026-10-30\ndecisions:\n"
     "  - {trial: NCT00699491, criterion: inc-12, outcome: met}\n",
     ".decisions.yaml:5:5: decision for trial NCT00699491, criterion inc-12: the engine decides it"),
    ("patient: P02-LOW-PLT\nreviewer: A\ndecided: 2026-10-30\ndecisions:\n"
     "  - {trial: NCT00699491, criterion: inc-01, outcome: met}\n",
     ".decisions.yaml: decisions for patient P02-LOW-PLT, beside the profile of patient P01-ELIGIBLE-US"),
]


@pytest.mark.parametrize("text, message", BAD_DECISIONS,
                         ids=["bad YAML", "bad outcome", "unknown criterion", "machine-decided", "another patient"])
def test_a_bad_decisions_file_is_one_error_line_and_the_patient_is_still_screened(tmp_path, capsys, text, message):
    (tmp_path / "p01.yaml").write_bytes(P01.read_bytes())
    (tmp_path / "p01.decisions.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "p02.yaml").write_bytes((ROOT / "patients" / "p02-low-platelets.yaml").read_bytes())
    code, out, err = _summary_of(capsys, str(tmp_path))
    assert code == EXIT_INPUT
    assert message in err and "(its decisions are not used)" in err and "Traceback" not in err, err
    assert "P01-ELIGIBLE-US: Eligible pending review for NCT00699491" in out and "P02-LOW-PLT: Not eligible" in out


def test_decisions_for_a_patient_not_screened_or_a_trial_not_screened(tmp_path, capsys):
    code, _, err = _summary_of(capsys, str(ROOT / "patients" / "p02-low-platelets.yaml"),
                               "--decisions", str(P01_DECISIONS))
    assert code == EXIT_INPUT and "patient P01-ELIGIBLE-US is not among the patients screened" in err
    other = tmp_path / "other.decisions.yaml"
    other.write_text(P01_DECISIONS.read_text(encoding="utf-8") +
                     "  - {trial: NCT09999999, criterion: inc-01, outcome: met}\n", encoding="utf-8")
    code, out, err = _summary_of(capsys, str(P01), "--decisions", str(other))
    assert "decisions for NCT09999999 not used: no such trial among the rules screened" in err
    assert code == EXIT_INPUT and "two decisions for trial NCT00699491, criterion inc-01" in err
    assert "Eligible pending review for NCT00699491" in out


def test_screen_help_documents_decisions(capsys):
    main(["screen", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--decisions FILE" in text and "p01.yaml -> p01.decisions.yaml" in text
