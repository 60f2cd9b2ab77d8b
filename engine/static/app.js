/* The coordinator page: screen a candidate and see why; screen a small lab table.
   Hand-written, no build step, no libraries. Every piece of data is put on the page
   with textContent (never innerHTML): criterion text and patient data are untrusted. */
(function () {
  "use strict";

  const STATUS = {
    pass: {label: "Pass", icon: "i-pass"},
    fail: {label: "Fail", icon: "i-fail"},
    unknown: {label: "Unknown", icon: "i-unknown"},
    manual: {label: "Manual review", icon: "i-manual"},
  };
  // Best first, as the library orders them (engine/screen.py VERDICTS).
  const VERDICT = {
    "eligible": {icon: "i-pass", cls: "pass", label: "Eligible"},
    "eligible pending review": {icon: "i-manual", cls: "pass", label: "Eligible pending review"},
    "needs data": {icon: "i-unknown", cls: "unknown", label: "Needs data"},
    "not eligible": {icon: "i-fail", cls: "fail", label: "Not eligible"},
  };
  const OUTCOMES = [["met", "Met"], ["not met", "Not met"], ["not applicable", "Not applicable"]];
  // A decision's fields as the service names them in a 422 (body.decisions.N.decided).
  const DECISION_FIELDS = {outcome: "Outcome", note: "Note", reviewer: "Reviewer", decided: "Date decided"};
  // reviews: patient id -> that patient's decisions, so switching patients loses none.
  const state = {trials: [], details: {}, patient: null, patientName: "", batchTables: [], lastResults: null,
                 samples: {}, reviews: {}, summary: null};

  // ------------------------------------------------------------------ helpers
  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value; else node.setAttribute(key, value);
    }
    for (const child of children.flat(Infinity)) if (child) node.append(child);
    return node;
  }

  function icon(id) {
    const node = svg("svg", {class: "icon", "aria-hidden": "true", focusable: "false", viewBox: "0 0 16 16"});
    node.append(svg("use", {href: "#" + id}));
    return node;
  }

  function badge(kind, text) {
    const s = STATUS[kind];
    return el("span", {class: "badge badge-" + kind}, icon(s.icon), el("span", {text: text || s.label}));
  }

  function verdictBadge(verdict) {
    const v = VERDICT[verdict];
    return el("span", {class: "badge badge-" + v.cls}, icon(v.icon), el("span", {text: v.label}));
  }

  // A criterion read in part is decided where what was read decides it; a person otherwise.
  function kindOf(outcome) {
    return outcome.evaluable === false && outcome.status === "unknown" ? "manual" : outcome.status;
  }

  function slug(text) { return String(text).replace(/[^A-Za-z0-9_-]+/g, "-"); }
  function rowId(trialId, criterionId) { return "c-" + slug(trialId) + "--" + slug(criterionId); }

  function authHeaders() {
    const key = sessionStorage.getItem("elig-api-key");
    return key ? {"X-API-Key": key} : {};
  }

  async function api(method, path, body) {
    const options = {method, headers: {Accept: "application/json", ...authHeaders()}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      throw new Error("The screening service did not answer (" + err.message + ").");
    }
    const type = response.headers.get("content-type") || "";
    const data = type.includes("json") ? await response.json() : await response.text();
    if (response.status === 401) $("key-form").hidden = false;
    if (!response.ok) {
      const detail = data && data.detail ? data.detail : (typeof data === "string" && data ? data : "");
      const error = new Error(detail || ("The service answered " + response.status + " " + response.statusText));
      error.problem = typeof data === "object" ? data : null;     // problem+json: its errors name the field
      throw error;
    }
    return data;
  }

  function showError(box, err) {
    box.replaceChildren();
    if (err) box.append(el("p", {}, el("strong", {text: "Could not do that: "}), err.message || String(err)));
  }

  function today() {
    const d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  // The screening date is typed as ISO text (a date input shows the browser's locale,
  // 12/07/2026, beside ISO dates everywhere else on the page).
  function isoDate(text) {
    const value = text.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
    const d = new Date(value + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === value ? value : null;
  }

  function daysBetween(earlier, later) {
    return Math.round((Date.parse(later + "T00:00:00Z") - Date.parse(earlier + "T00:00:00Z")) / 86400000);
  }

  function readFile(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(new Error("cannot read " + file.name));
      reader.readAsText(file);
    });
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

  function busy(button, on, text) {
    if (on) { button.dataset.label = button.textContent; button.textContent = text; }
    else if (button.dataset.label) button.textContent = button.dataset.label;
    button.disabled = on;
    button.setAttribute("aria-busy", on ? "true" : "false");
  }

  // ------------------------------------------------------------------ tabs
  function setUpTabs() {
    const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        $(t.getAttribute("aria-controls")).hidden = !on;
      }
      if (focus) tab.focus();
    }
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => select(tab, false));
      tab.addEventListener("keydown", (event) => {
        const moves = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1};
        if (!(event.key in moves)) return;
        event.preventDefault();
        select(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
      });
    });
    state.selectTab = (id) => select($(id), false);
  }

  // ------------------------------------------------------------------ trials
  function renderTrialList(box) {
    const prefix = box.dataset.prefix;
    box.replaceChildren();
    if (!state.trials.length) { box.textContent = "No trials are loaded."; return; }
    for (const t of state.trials) {
      const id = prefix + "-trial-" + slug(t.id);
      box.append(el("div", {class: "check"},
        el("input", {type: "checkbox", id, value: t.id, name: prefix + "-trial"}),
        el("label", {for: id},
          el("span", {class: "trial-id", text: t.id}), " ",
          el("span", {class: "trial-title", text: t.title}),
          el("span", {class: "trial-coverage",
                      text: t.coverage.evaluable + " of " + t.coverage.total + " criteria machine-evaluable"}))));
    }
  }

  function chosenTrials(boxId) {
    return Array.from($(boxId).querySelectorAll("input[type=checkbox]:checked")).map((i) => i.value);
  }

  function updateCohorts() {
    const select = $("cohort");
    const chosen = chosenTrials("trial-list");
    const cohorts = new Set();
    for (const t of state.trials) if (chosen.includes(t.id)) t.cohorts.forEach((c) => cohorts.add(c));
    const keep = select.value;
    select.replaceChildren(select.options[0]);
    for (const c of [...cohorts].sort()) select.append(el("option", {value: c, text: c}));
    select.value = cohorts.has(keep) ? keep : "";
    select.disabled = cohorts.size === 0;
  }

  async function loadTrials() {
    try {
      state.trials = await api("GET", "/trials");
    } catch (err) {
      showError($("screen-error"), err);
      return;
    }
    renderTrialList($("trial-list"));
    renderTrialList($("batch-trial-list"));
    updateCohorts();
  }

  async function trialDetail(id) {
    if (!state.details[id]) state.details[id] = api("GET", "/trials/" + encodeURIComponent(id));
    return state.details[id];
  }

  // ------------------------------------------------------------------ patient
  async function loadSamples() {
    let samples = [];
    try { samples = await api("GET", "/ui/samples"); } catch (err) { samples = []; }
    $("sample").replaceChildren($("sample").options[0]);
    if (!samples.length) { $("sample-field").hidden = true; return; }
    $("sample-field").hidden = false;
    const groups = {native: el("optgroup", {label: "Native profiles"}), fhir: el("optgroup", {label: "FHIR Bundles"})};
    state.samples = Object.fromEntries(samples.map((s) => [s.name, s]));
    for (const s of samples) groups[s.kind].append(el("option", {value: s.name, text: s.label}));
    for (const g of Object.values(groups)) if (g.children.length) $("sample").append(g);
  }

  function patientChanged(name) {
    state.patient = null;
    state.patientName = name || "";
    $("patient-summary").textContent = name ? "Ready: " + name + " (not screened yet)." : "";
    offerSampleDecisions(null);
  }

  async function pickSample() {
    const name = $("sample").value;
    if (!name) return;
    $("patient-file").value = "";
    try {
      const sample = await api("GET", "/ui/samples/" + name.split("/").map(encodeURIComponent).join("/"));
      $("patient-text").value = sample.text;
      patientChanged(name);
      if (state.samples[name].decisions) offerSampleDecisions(name);
    } catch (err) { showError($("screen-error"), err); }
  }

  async function pickFile() {
    const file = $("patient-file").files[0];
    if (!file) return;
    $("sample").value = "";
    try {
      $("patient-text").value = await readFile(file);
      patientChanged(file.name);
    } catch (err) { showError($("screen-error"), err); }
  }

  // A FHIR patient by name and identifier (its resource id is a UUID no one knows it by).
  function patientLabel(s) {
    if (s.format !== "FHIR Bundle") return s.id;
    const who = [s.name, s.identifier ? "(" + s.identifier + ")" : null].filter(Boolean).join(" ");
    return who || "with no name or identifier in the Bundle (resource " + s.id.slice(0, 8) + "…)";
  }

  function summaryText(s) {
    const parts = [s.format, s.sex !== "unknown" ? s.sex : "sex not recorded"];
    if (s.birth_date) parts.push("born " + s.birth_date);
    else if (s.age) parts.push(s.age);
    parts.push(plural(s.labs, "lab result"), plural(s.conditions, "condition"),
               plural(s.medications, "medication"), plural(s.procedures, "procedure"));
    let text = "Patient " + patientLabel(s) + ": " + parts.join(", ") + ".";
    if (s.unmapped_tests && s.unmapped_tests.length) {
      text += " Tests the catalogue does not know (not used): " + s.unmapped_tests.join(", ") + ".";
    }
    return text;
  }

  // ------------------------------------------------------------------ screening
  async function screenCandidate(event) {
    event.preventDefault();
    const errorBox = $("screen-error");
    showError(errorBox, null);
    const trials = chosenTrials("trial-list");
    const text = $("patient-text").value;
    if (!trials.length) return showError(errorBox, new Error("choose at least one trial."));
    if (!text.trim()) return showError(errorBox, new Error("load a patient: pick a sample, upload a file or paste a profile."));
    const asOf = isoDate($("as-of").value);
    if (!asOf) return showError(errorBox, new Error("give the screening date as YYYY-MM-DD (e.g. 2026-11-01)."));
    const button = $("screen-button");
    busy(button, true, "Screening…");
    try {
      const loaded = await api("POST", "/ui/patient", {text, name: state.patientName || null});
      state.patient = loaded.document;
      $("patient-summary").textContent = summaryText(loaded.summary);
      const request = {trials, patient: loaded.document, as_of: asOf};
      if ($("cohort").value) request.cohort = $("cohort").value;
      await screenWithDecisions(request, loaded.summary, decisionsOf(loaded.summary.id));
      $("results").focus();
    } catch (err) {
      showError(errorBox, err);
    } finally {
      busy(button, false);
    }
  }

  // ------------------------------------------------------------------ screen with the review
  function decisionsOf(patientId) { return state.reviews[patientId] || []; }

  // Screen through POST /screen with the decisions given (those for the trials screened):
  // the verdicts, counts and rows are the engine's answer, never worked out here. Only once
  // the service accepts them do they become the patient's recorded decisions.
  async function screenWithDecisions(base, summary, decisions) {
    const sent = decisions.filter((d) => base.trials.includes(d.trial));
    const request = {...base, decisions: sent};
    let results;
    try {
      results = await api("POST", "/screen", request);
    } catch (err) {
      err.sent = sent;
      throw err;
    }
    const details = await Promise.all(base.trials.map(trialDetail));
    const resolve = await api("POST", "/ui/resolve", {results, patient: request.patient, as_of: request.as_of,
                                                      cohort: request.cohort});
    state.reviews[summary.id] = decisions;
    state.screened = request;          // what Print sends: the log shows the same decisions
    state.summary = summary;
    renderResults(results, details, resolve, summary);
    $("print-button").disabled = false;
    updateReviewSummary();
    return results;
  }

  function renderResults(results, details, resolve, summary) {
    const box = $("results");
    box.replaceChildren();
    state.lastResults = results;
    const byId = Object.fromEntries(details.map((d) => [d.id, d]));
    box.append(el("h2", {class: "visually-hidden", text: "Results"}));
    box.append(el("p", {class: "patient-line"},
      el("strong", {text: "Patient " + patientLabel(summary)}), " screened as of " + results[0].as_of + " against " +
      plural(results.length, "trial") + "."));
    if (results.length > 1) {
      box.append(el("div", {class: "overview"}, results.map((r) =>
        el("a", {class: "overview-item", href: "#trial-" + slug(r.trial_id)},
          verdictBadge(r.verdict), " ", el("span", {text: r.trial_id})))));
      if (resolve.all.length) box.append(resolveSection(resolve.all, "To resolve, across the chosen trials", "resolve-all", true));
    }
    for (const r of results) box.append(trialArticle(r, byId[r.trial_id], resolve.by_trial[r.trial_id] || [], summary));
  }

  function counts(result) {
    const n = {pass: 0, fail: 0, unknown: 0, manual: 0};
    for (const o of result.outcomes) n[kindOf(o)] += 1;
    return n;
  }

  // Every lab older than the trial's window on the screening date, said plainly: most
  // often the screening date is not the one the record was meant for, and the checklist
  // alone shows only unknowns. (One stale lab among fresh ones is said in its own row.)
  function staleLabs(summary, asOf, windowDays) {
    const dates = (summary.lab_dates || []).filter((d) => d <= asOf);
    if (!dates.length) return null;
    const newest = daysBetween(dates[dates.length - 1], asOf);
    if (newest <= windowDays) return null;
    return plural(dates.length, "lab is", "labs are") + " older than the " + windowDays +
      "-day window; the newest is " + newest + " days old.";
  }

  function verdictBanner(r, detail, summary, criteria) {
    const v = VERDICT[r.verdict];
    const n = counts(r);
    const stale = detail ? staleLabs(summary, r.as_of, detail.recency_days) : null;
    // The headline is the library's sentence (the CLI's and the CDS card's words); the
    // failed criteria come first, each linked to its row, with its value and threshold.
    const failed = r.outcomes.filter((o) => o.status === "fail");
    const banner = el("div", {class: "verdict verdict-" + v.cls, role: "group", "aria-label": "Verdict"},
      el("h3", {class: "verdict-main"}, icon(v.icon), el("span", {class: "verdict-label", text: v.label})),
      failed.length ? el("ul", {class: "verdict-failures", "aria-label": "Failed criteria"},
        failed.map((o) => el("li", {},
          el("a", {href: "#" + rowId(r.trial_id, o.criterion_id), text: o.criterion_id}),
          criteria[o.criterion_id] ? el("span", {class: "failed-text", text: " " + criteria[o.criterion_id].text}) : null,
          el("span", {class: "failed-reason", text: ": " + roundedReason(o)})))) : null,
      el("p", {class: "verdict-why", text: r.headline}),
      stale ? el("p", {class: "verdict-stale"}, el("strong", {text: "Stale labs: "}), stale) : null,
      el("ul", {class: "tally", "aria-label": "Criteria by status"},
        ["pass", "fail", "unknown", "manual"].map((k) => el("li", {}, badge(k, STATUS[k].label + ": " + n[k]))),
        el("li", {class: "coverage", text: r.coverage[0] + " of " + r.coverage[1] + " criteria machine-evaluable"})));
    return banner;
  }

  function trialArticle(r, detail, groups, summary) {
    const id = "trial-" + slug(r.trial_id);
    const criteria = Object.fromEntries((detail ? detail.criteria : []).map((c) => [c.id, c]));
    const article = el("article", {class: "trial-result", id, "aria-labelledby": id + "-h"});
    article.append(el("p", {class: "print-only print-head",
      text: "Screening log · patient " + patientLabel(summary) + " · screened as of " + r.as_of + " · printed " + today()}));
    article.append(el("h2", {id: id + "-h"}, el("span", {class: "trial-id", text: r.trial_id}), " ",
                      el("span", {class: "trial-title", text: r.trial_title})));
    article.append(verdictBanner(r, detail, summary, criteria));
    const hide = el("input", {type: "checkbox", id: id + "-hide"});
    hide.addEventListener("change", () => article.classList.toggle("hide-pass", hide.checked));
    article.append(el("div", {class: "row tools no-print"}, el("div", {class: "check"}, hide,
      el("label", {for: id + "-hide", text: "Hide passing criteria"}))));
    if (groups.length && r.verdict === "not eligible") article.append(settledResolve(groups, r, id + "-resolve"));
    else if (groups.length) article.append(resolveSection(groups, "To resolve for " + r.trial_id, id + "-resolve", false));

    // Headings follow the top-level lines: a sub-bullet stays under its parent's heading
    // even when its own section differs (an exclusion listed under an inclusion line).
    const topSection = (c, o) => {
      let at = c;
      while (at && at.parent && criteria[at.parent]) at = criteria[at.parent];
      return at ? at.section : o.section;
    };
    let section = null, list = null;
    for (const o of r.outcomes) {
      const heading = topSection(criteria[o.criterion_id], o);
      if (heading !== section) {
        section = heading;
        article.append(el("h3", {class: "section-head", text: section === "exclusion" ? "Exclusion criteria" : "Inclusion criteria"}));
        list = el("ol", {class: "checklist"});
        article.append(list);
      }
      list.append(criterionRow(r, o, criteria[o.criterion_id]));
    }
    article.append(el("p", {class: "print-only signature", text: "Reviewed by ____________________   Date ____________   Signature ____________________"}));
    return article;
  }

  function criterionRow(r, o, view) {
    const kind = kindOf(o);
    const row = el("li", {class: "crit crit-" + kind + (view && view.parent ? " sub" : ""), id: rowId(r.trial_id, o.criterion_id)});
    const explainId = row.id + "-explain";
    const button = el("button", {type: "button", class: "link-button no-print", "aria-expanded": "false",
                                 "aria-controls": explainId, text: "How was this read?"});
    const panel = el("div", {class: "explain", id: explainId, hidden: true});
    button.addEventListener("click", () => toggleExplain(button, panel, o, view));
    row.append(
      el("div", {class: "crit-status"}, badge(kind), o.decision ? el("span", {class: "by-review", text: "by review"}) : null),
      el("div", {class: "crit-text"},
        el("p", {class: "crit-id"}, el("span", {text: o.criterion_id}), " · ",
           el("span", {text: o.section === "exclusion" ? "Exclusion" : "Inclusion"}),
           view && view.cohort ? el("span", {text: " · " + view.cohort + " only"}) : null),
        el("p", {class: "source", text: o.text}),
        button, panel),
      el("div", {class: "crit-reason"},
        o.check ? el("p", {class: "to-check", text: o.check}) : null,     // "Check the pathology report: ..."
        // Settled by review, the reason is the decision in words: shown whole just below.
        r.reviewed.includes(o.criterion_id) ? null : el("p", {class: "reason", text: roundedReason(o)}),
        o.evidence.length ? evidenceTable(o.evidence, r.trial_id, o.criterion_id) : null,
        o.status === "unknown" && o.missing.length ? el("p", {class: "needs"},
          el("strong", {text: "Would settle it: "}), o.missing.join("; ")) : null,
        kind === "manual" || kind === "unknown" ? el("p", {class: "print-only tickbox", text: "☐ pass   ☐ fail   initials ______"}) : null,
        o.check || o.decision ? reviewBlock(r, o, row.id) : null));
    return row;
  }

  // ------------------------------------------------------------------ a person's review
  // A criterion left to a person: the decision recorded (who, when, note) with Change and
  // Remove, or a button that opens the form to record one.
  function reviewBlock(r, o, id) {
    const box = el("div", {class: "review", id: id + "-review"});
    const form = reviewForm(r, o, id);
    const error = el("div", {class: "error review-error", id: id + "-review-error", role: "alert"});
    const open = (opener) => {
      form.hidden = false;
      opener.setAttribute("aria-expanded", "true");
      (form.querySelector("input[type=radio]:checked") || form.querySelector("input[type=radio]")).focus();
    };
    if (o.decision) {
      const d = o.decision;
      const change = el("button", {type: "button", class: "small", "aria-expanded": "false", "aria-controls": form.id},
                        "Change", el("span", {class: "visually-hidden", text: " the decision on " + o.criterion_id}));
      const remove = el("button", {type: "button", class: "small"},
                        "Remove", el("span", {class: "visually-hidden", text: " the decision on " + o.criterion_id}));
      change.addEventListener("click", () => open(change));
      remove.addEventListener("click", () => removeDecision(r, o, id));
      box.append(el("div", {class: "decision", id: id + "-decision", tabindex: "-1"},
        el("p", {}, el("strong", {text: "Decision: " + d.outcome}), " — " + d.reviewer + ", " + d.decided),
        d.note ? el("p", {class: "decision-note", text: "Note: " + d.note}) : null,
        el("div", {class: "row small-buttons no-print"}, change, remove)));
    } else {
      const record = el("button", {type: "button", class: "small no-print", id: id + "-record",
                                   "aria-expanded": "false", "aria-controls": form.id},
                        "Record decision", el("span", {class: "visually-hidden", text: " on " + o.criterion_id}));
      record.addEventListener("click", () => open(record));
      box.append(record);
    }
    box.append(form, error);
    return box;
  }

  function reviewForm(r, o, id) {
    const d = o.decision || {};
    const base = id + "-form";
    const help = o.section === "exclusion" ? "An exclusion: Met excludes the patient." : "An inclusion: Not met excludes the patient.";
    const form = el("form", {class: "review-form no-print", id: base, hidden: true, novalidate: true,
                             "aria-label": "Decision on " + r.trial_id + " " + o.criterion_id});
    form.append(
      el("fieldset", {class: "outcome", "aria-describedby": base + "-help"},
        el("legend", {text: "Outcome"}),
        OUTCOMES.map(([value, label], i) => el("span", {class: "check"},
          el("input", {type: "radio", name: base + "-outcome", id: base + "-outcome-" + i, value, checked: d.outcome === value}),
          el("label", {for: base + "-outcome-" + i, text: label}))),
        el("p", {class: "help", id: base + "-help", text: help})),
      el("div", {class: "field"}, el("label", {for: base + "-note", text: "Note (what you checked, where)"}),
        el("textarea", {id: base + "-note", rows: "2", maxlength: "2000"}, d.note || "")),
      el("div", {class: "review-who"},
        el("div", {class: "field"}, el("label", {for: base + "-reviewer", text: "Reviewer"}),
          el("input", {type: "text", id: base + "-reviewer", autocomplete: "name",
                       value: d.reviewer || sessionStorage.getItem("elig-reviewer") || ""})),
        el("div", {class: "field"}, el("label", {for: base + "-decided", text: "Date decided (YYYY-MM-DD)"}),
          // The screening date, not the clock: a review settles this screening, and the
          // date is part of the record (the engine never takes it from a clock either), so
          // the reviewer confirms or types it rather than inherit the browser's day.
          el("input", {type: "text", id: base + "-decided", class: "date", inputmode: "numeric", autocomplete: "off",
                       placeholder: "YYYY-MM-DD", value: d.decided || r.as_of}))),
      el("div", {class: "row"},
        el("button", {type: "submit", class: "primary"}, "Save", el("span", {class: "visually-hidden", text: " the decision on " + o.criterion_id})),
        el("button", {type: "button", class: "cancel"}, "Cancel")));
    form.addEventListener("submit", (event) => { event.preventDefault(); saveDecision(r, o, id, form); });
    form.querySelector(".cancel").addEventListener("click", () => {
      form.hidden = true;
      const opener = document.querySelector('[aria-controls="' + form.id + '"]');
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    });
    return form;
  }

  function decisionFromForm(r, o, form) {
    const value = (suffix) => form.querySelector("#" + form.id + suffix).value;
    const chosen = form.querySelector("input[type=radio]:checked");
    return {trial: r.trial_id, criterion: o.criterion_id, outcome: chosen ? chosen.value : null,
            note: value("-note").trim(), reviewer: value("-reviewer").trim(), decided: value("-decided").trim()};
  }

  function others(decisions, trial, criterion) {
    return decisions.filter((d) => !(d.trial === trial && d.criterion === criterion));
  }

  async function saveDecision(r, o, id, form) {
    const decision = decisionFromForm(r, o, form);
    if (!decision.outcome) return reviewError(id, "Outcome: choose met, not met or not applicable.");
    if (decision.reviewer) sessionStorage.setItem("elig-reviewer", decision.reviewer);
    const patientId = state.summary.id;
    const decisions = others(decisionsOf(patientId), r.trial_id, o.criterion_id).concat([decision]);
    await review(form.querySelector("button[type=submit]"), decisions, id + "-decision",
                 o.criterion_id + " recorded as " + decision.outcome + ".", r.trial_id);
  }

  async function removeDecision(r, o, id) {
    const decisions = others(decisionsOf(state.summary.id), r.trial_id, o.criterion_id);
    await review(null, decisions, id + "-record", "The decision on " + o.criterion_id + " was removed.", r.trial_id);
  }

  // Screen again with the decisions changed; the focus returns to the criterion's row.
  async function review(button, decisions, focusId, said, trialId) {
    if (button) busy(button, true, "Saving…");
    try {
      const results = await screenWithDecisions(state.screened, state.summary, decisions);
      const result = results.find((x) => x.trial_id === trialId);
      $("review-status").textContent = said + (result ? " " + result.headline : "");
      const target = $(focusId);
      if (target) target.focus();
    } catch (err) {
      if (!placeReviewError(err)) showError($("screen-error"), err);
    } finally {
      if (button && button.isConnected) busy(button, false);
    }
  }

  function reviewError(id, message) {
    const box = $(id + "-review-error");
    box.replaceChildren(el("p", {}, el("strong", {text: "Not saved: "}), message));
    return box;
  }

  // A 422 names the decision by its place in the request (body.decisions.3.decided): the
  // message goes beside that criterion, the field named as the form names it.
  function placeReviewError(err) {
    const problem = (err.problem && err.problem.errors || [])[0];
    const loc = problem ? problem.loc.map(String) : [];
    if (loc[0] !== "body" || loc[1] !== "decisions" || !err.sent) return false;
    const decision = err.sent[Number(loc[2])];
    if (!decision || !$(rowId(decision.trial, decision.criterion) + "-review-error")) return false;
    const message = problem.msg.replace(/^Value error, /, "");
    const field = DECISION_FIELDS[loc[3]];
    reviewError(rowId(decision.trial, decision.criterion), field ? field + ": " + message : message)
      .scrollIntoView({block: "nearest"});
    return true;
  }

  // ------------------------------------------------------------------ decisions in and out
  function updateReviewSummary() {
    const id = state.summary && state.summary.id;
    const decisions = id ? decisionsOf(id) : [];
    const trials = [...new Set(decisions.map((d) => d.trial))];
    $("export-button").disabled = !decisions.length;
    $("review-summary").textContent = decisions.length
      ? plural(decisions.length, "review decision") + " recorded for patient " + id + " (" + trials.join(", ") + ")."
      : "";
  }

  function offerSampleDecisions(name) {
    $("sample-review").hidden = !name;
    $("sample-review-status").textContent = "";
    if (name) $("sample-review-file").textContent = state.samples[name].decisions;
  }

  // The sample's decisions file, read by the service as `elig screen` reads it. Decisions
  // already recorded on the page for the same criteria are kept (never overwritten unasked).
  async function loadSampleDecisions() {
    const name = $("sample").value;
    const status = $("sample-review-status");
    const button = $("sample-review-button");
    busy(button, true, "Loading…");
    try {
      const file = await api("GET", "/ui/samples/" + name.split("/").map(encodeURIComponent).join("/") + "/decisions");
      const mine = decisionsOf(file.patient);
      const taken = new Set(mine.map((d) => d.trial + " " + d.criterion));
      const added = file.decisions.filter((d) => !taken.has(d.trial + " " + d.criterion));
      const kept = file.decisions.length - added.length;
      const said = plural(added.length, "decision") + " loaded from " + file.name +
        (kept ? "; " + plural(kept, "criterion", "criteria") + " already decided on this page kept as recorded" : "") + ".";
      if (state.summary && state.summary.id === file.patient && state.screened) {
        await screenWithDecisions(state.screened, state.summary, mine.concat(added));
        status.textContent = said + " Screened again with them.";
      } else {
        state.reviews[file.patient] = mine.concat(added);
        status.textContent = said + " They are used when you screen.";
      }
    } catch (err) {
      if (!placeReviewError(err)) showError($("screen-error"), err);
      status.textContent = "The decisions were not loaded.";
    } finally {
      busy(button, false);
    }
  }

  // The patient's decisions as a decisions file (the service writes the YAML), named to
  // sit beside the profile: p01-eligible-conventional.yaml -> p01-eligible-conventional.decisions.yaml.
  async function exportDecisions() {
    const id = state.summary.id;
    const button = $("export-button");
    busy(button, true, "Exporting…");
    try {
      const text = await api("POST", "/ui/decisions-file", {patient: id, as_of: state.screened.as_of, decisions: decisionsOf(id)});
      const stem = /\.(ya?ml|json)$/i.test(state.patientName) ? state.patientName.split("/").pop().replace(/\.(ya?ml|json)$/i, "")
        : String(id).replace(/[^A-Za-z0-9._-]+/g, "_");
      const link = el("a", {href: URL.createObjectURL(new Blob([text], {type: "application/yaml"})),
                            download: stem + ".decisions.yaml", hidden: true});
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    } catch (err) {
      showError($("screen-error"), err);
    } finally {
      busy(button, false);
    }
  }

  // A value shown to the precision the criterion is written in ("80.2778 mL/min" against
  // "≥ 60 mL/min" reads "80 mL/min"); the evidence table keeps the full value. Never rounded
  // onto the threshold itself: 59.96 against "≥ 60" keeps its decimals.
  function decimals(number) { return (number.split(".")[1] || "").length; }

  function roundedValue(e) {
    const threshold = e.threshold || "";
    const bound = (threshold.slice(threshold.lastIndexOf("=") + 1).match(/\d[\d,]*(\.\d+)?/g) || []);
    const value = (e.compared_as || "").match(/^-?\d[\d,]*(\.\d+)?/);
    if (!bound.length || !value) return e.compared_as;
    const limit = Number(bound[bound.length - 1].replace(/,/g, ""));
    const exact = Number(value[0].replace(/,/g, ""));
    let places = Math.max(...bound.map(decimals));
    if (decimals(value[0]) <= places) return e.compared_as;
    const round = () => Math.round(exact * 10 ** places) / 10 ** places;
    while (places < decimals(value[0]) && round() === limit && exact !== limit) places += 1;
    return round().toLocaleString("en-US", {maximumFractionDigits: places}) + e.compared_as.slice(value[0].length);
  }

  function roundedReason(o) {
    let reason = o.reason;
    for (const e of o.evidence.filter((x) => x.compared_as)) {
      // The whole number only: "0.8333 mg/dL" must not match inside "10.8333 mg/dL".
      const at = new RegExp("(^|[^\\d.,])" + e.compared_as.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g");
      reason = reason.replace(at, (_, before) => before + roundedValue(e));
    }
    return reason;
  }

  // Limits and thresholds break between words only: "ULN 1.2 mg/dL (the lab's range)",
  // never "100,000/" and "µL" on two lines.
  const WHOLE_WORDS = new Set(["branch", "threshold", "limit"]);
  function wholeWords(text) {
    return text.split(" ").flatMap((word, i) => [i ? " " : null, el("span", {class: "word", text: word})]);
  }

  function evidenceTable(evidence, trialId, criterionId) {
    // The numbers behind the reason, one row per value used: the result as recorded (the
    // engine's own wording: value, unit), its date, the value after unit conversion, the
    // threshold, and the ULN / LLN with where it came from.
    const rows = evidence.map((e) => {
      const used = e.derivation ? e.observed : e.observed.replace(/ on \d{4}-\d{2}-\d{2}/, "");
      return {
        branch: e.branch || "",
        used,
        date: e.date || (e.derivation ? "derived" : ""),
        converted: e.compared_as && !used.includes(e.compared_as) ? e.compared_as : "",
        threshold: (e.threshold || "").replace(e.limit_source ? " (" + e.limit_source + ")" : "\u0000", ""),
        limit: e.limit ? e.limit + (e.limit_source ? " (" + e.limit_source + ")" : "") : "",
      };
    });
    const columns = [["branch", "Branch"], ["used", "Value used"], ["date", "Date"], ["converted", "Converted"],
                     ["threshold", "Threshold"], ["limit", "ULN / LLN used"]]
      .filter(([key]) => key === "used" || rows.some((r) => r[key]));
    const table = el("table", {class: "evidence"},
      el("caption", {class: "visually-hidden", text: "Values used"}),
      el("thead", {}, el("tr", {}, columns.map(([, head]) => el("th", {scope: "col", text: head})))),
      el("tbody", {}, rows.map((r) => el("tr", {}, columns.map(([key]) => el("td", {"data-label": key},
        WHOLE_WORDS.has(key) ? wholeWords(r[key] || "—") : r[key] || "—"))))));
    // Scrolls sideways in a narrow window: a focusable region, so a keyboard can scroll it.
    return el("div", {class: "table-wrap", role: "region", tabindex: "0", "aria-label": "Values used for " + trialId + " " + criterionId}, table);
  }

  // The screening log a site files: the service makes it from the request just screened
  // (the document `elig screen --format html` writes), printed from a frame of its own.
  async function printLog() {
    const button = $("print-button");
    busy(button, true, "Preparing…");
    try {
      const html = await api("POST", "/ui/screening-log", state.screened);
      let frame = $("log-frame");
      if (!frame) {
        frame = document.body.appendChild(el("iframe", {id: "log-frame", title: "Screening log", tabindex: "-1", "aria-hidden": "true"}));
        Object.assign(frame.style, {position: "absolute", width: "0", height: "0", border: "0"});
      }
      frame.onload = () => frame.contentWindow.print();
      frame.srcdoc = html;
    } catch (err) {
      showError($("screen-error"), err);
    } finally {
      busy(button, false);
    }
  }

  async function toggleExplain(button, panel, o, view) {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    panel.hidden = !open;
    if (!open || panel.dataset.loaded) return;
    panel.dataset.loaded = "1";
    panel.replaceChildren(el("p", {text: "Reading…"}));
    let explained = null, problem = null;
    try {
      explained = await api("POST", "/explain", {text: o.text.slice(0, 2000), section: o.section});
    } catch (err) { problem = err; }
    panel.replaceChildren(...explainParts(explained, view, problem));
  }

  function explainParts(x, view, problem) {
    // The reading used for screening comes with the trial (GET /trials/{id}: it honours
    // the rules file's expr override and a sub-bullet's parent); POST /explain reads the
    // line as written, on its own, and says what in it needs a person.
    const parts = [];
    const used = view ? view.read_as : (x ? x.words : "");
    parts.push(el("h4", {text: "Read as"}), el("pre", {class: "words", text: used || "(no reading)"}));
    const canonical = view ? view.canonical : (x && x.canonical);
    if (canonical) parts.push(el("p", {}, el("span", {class: "term", text: "Canonical form: "}), el("code", {text: canonical})));
    if (view && view.expr) {
      parts.push(el("p", {}, el("span", {class: "term", text: "The rules file sets this reading: "}),
                    el("code", {text: view.expr}), view.note ? " (" + view.note + ")" : ""));
    }
    if (view && view.parent) parts.push(el("p", {class: "help", text: "A sub-bullet of " + view.parent + ", read in the context of that line."}));
    if (x) {
      const asWritten = view && view.expr ? "The text as written reads as" : "The line on its own reads as";
      if (x.words && x.words !== used) parts.push(el("h4", {text: asWritten}), el("pre", {class: "words", text: x.words}));
      if (x.problems.length) {
        parts.push(el("h4", {text: view && view.expr ? "Problems in the text as written" : "What needs a person"}),
          el("ul", {}, x.problems.map((p) => el("li", {},
            el("span", {class: "term", text: p.severity + ": "}), p.message,
            p.column ? " (column " + p.column + ")" : ""))));
      }
    } else if (problem) {
      parts.push(el("p", {class: "error", text: "POST /explain: " + problem.message}));
    }
    return parts;
  }

  // A trial the patient already fails: obtaining the missing items cannot change the
  // verdict, so the list is folded away and quiet (not printed).
  function settledResolve(groups, r, id) {
    const count = groups.reduce((n, g) => n + g.items.length, 0);
    const box = el("details", {class: "resolve-settled no-print", id});
    box.append(el("summary", {text: "Not needed for this verdict: " + plural(count, "item") + " to obtain would settle other criteria, " +
      "but the patient already fails " + plural(r.failed.length, "criterion", "criteria") + "."}),
      resolveSection(groups, "Items that would settle the other criteria", id + "-list", false));
    return box;
  }

  function resolveSection(groups, title, id, overall) {
    const section = el("section", {class: "resolve" + (overall ? " no-print" : ""), id, "aria-labelledby": id + "-h"});
    section.append(el(overall ? "h2" : "h3", {id: id + "-h", text: title}));
    const grid = el("div", {class: "resolve-groups"});
    for (const g of groups) {
      const list = el("ul", {});
      for (const item of g.items) {
        const links = item.criteria.map((c, i) => [i ? ", " : "",
          el("a", {href: "#" + rowId(c.trial_id, c.criterion_id), text: (overall ? c.trial_id + " " : "") + c.criterion_id})]);
        list.append(el("li", {},
          el("strong", {text: item.label}),
          item.details.length ? el("span", {class: "detail", text: " — " + item.details.join("; ")}) : null,
          el("span", {class: "settles"}, " (settles ", links, ")")));
      }
      grid.append(el("div", {class: "resolve-group resolve-" + g.group},
        el(overall ? "h3" : "h4", {text: g.title + " (" + g.items.length + ")"}), list));
    }
    section.append(grid);
    return section;
  }

  // ------------------------------------------------------------------ batch
  function renderBatchFiles() {
    const names = state.batchTables.map((t) => t.name);
    $("batch-files").textContent = names.length ? "Tables: " + names.join(", ") + "." : "";
  }

  async function pickBatchFiles() {
    const files = Array.from($("batch-file").files);
    try {
      state.batchTables = await Promise.all(files.map(async (f) => ({name: f.name, text: await readFile(f)})));
      renderBatchFiles();
    } catch (err) { showError($("batch-error"), err); }
  }

  async function useExample() {
    try {
      const [labs, people] = await Promise.all(["example-labs.csv", "example-demographics.csv"].map(async (n) => {
        const response = await fetch("/ui/static/" + n, {headers: authHeaders()});
        if (!response.ok) throw new Error("example table missing: " + n);
        return {name: n, text: await response.text()};
      }));
      $("batch-text").value = labs.text;
      state.batchTables = [people];
      $("batch-file").value = "";
      renderBatchFiles();
      $("batch-files").textContent = "Tables: pasted labs (example-labs.csv), example-demographics.csv.";
    } catch (err) { showError($("batch-error"), err); }
  }

  async function screenBatch(event) {
    event.preventDefault();
    const errorBox = $("batch-error");
    showError(errorBox, null);
    const trials = chosenTrials("batch-trial-list");
    const tables = state.batchTables.slice();
    if ($("batch-text").value.trim()) tables.unshift({name: "pasted-labs.csv", text: $("batch-text").value});
    if (!trials.length) return showError(errorBox, new Error("choose at least one trial."));
    if (!tables.length) return showError(errorBox, new Error("upload or paste a lab table."));
    const button = $("batch-button");
    busy(button, true, "Screening…");
    try {
      const body = {tables, trials};
      if ($("batch-as-of").value.trim()) {
        body.as_of = isoDate($("batch-as-of").value);
        if (!body.as_of) throw new Error("give the screening date as YYYY-MM-DD (e.g. 2026-11-01).");
      }
      const data = await api("POST", "/ui/batch", body);
      renderBatch(data);
      $("batch-results").focus();
    } catch (err) {
      showError(errorBox, err);
    } finally {
      busy(button, false);
    }
  }

  function renderBatch(data) {
    const box = $("batch-results");
    box.replaceChildren();
    state.batchProfiles = data.profiles;
    const report = data.report;
    const skipped = Object.entries(report.skipped);
    box.append(el("h2", {class: "visually-hidden", text: "Batch results"}));
    box.append(el("p", {class: "patient-line"},
      el("strong", {text: plural(data.patients, "patient")}), " screened as of " + data.as_of + ". Records read: " +
      report.read + ", used: " + report.used + ", skipped: " + (report.read - report.used) + "."));
    // Shown, not folded: a skipped record is data the screen did not use.
    if (skipped.length) {
      box.append(el("section", {class: "skips", "aria-labelledby": "skips-h"},
        el("h3", {id: "skips-h", text: "Why records were skipped"}),
        el("ul", {}, skipped.map(([reason, n]) => el("li", {}, el("strong", {text: reason}), ": " + n +
          (report.examples[reason] ? " (e.g. " + report.examples[reason].join(", ") + ")" : ""))))));
    }
    const emptied = Object.entries(report.labs_all_skipped || {});
    if (emptied.length) {
      box.append(el("section", {class: "skips skipped-patients", "aria-labelledby": "skipped-patients-h"},
        el("h3", {id: "skipped-patients-h", text: "Patients with every lab row skipped (screened with no lab results)"}),
        el("ul", {}, emptied.map(([patientId, reasons]) => el("li", {}, el("strong", {text: patientId}), ": " +
          Object.entries(reasons).map(([reason, n]) => n + " " + reason).join("; "))))));
    }
    for (const t of data.trials) box.append(batchTrial(t, data.as_of));
  }

  function batchTrial(t, asOf) {
    const id = "batch-" + slug(t.trial_id);
    const section = el("section", {class: "batch-trial", id, "aria-labelledby": id + "-h"});
    section.append(el("h2", {id: id + "-h"}, el("span", {class: "trial-id", text: t.trial_id}), " ",
                      el("span", {class: "trial-title", text: t.title})));
    const n = Object.fromEntries(Object.keys(VERDICT).map((v) => [v, 0]));
    for (const row of t.ranked) n[row.verdict] += 1;
    section.append(el("ul", {class: "tally", "aria-label": "Patients by verdict"},
      Object.entries(n).map(([v, k]) => el("li", {}, verdictBadge(v), el("span", {class: "count", text: " " + k})))));
    section.append(funnelFigure(t.funnel, id));
    section.append(el("p", {class: "batch-common"}, plural(t.manual_criteria, "criterion needs", "criteria need") +
      " a person's review for every patient."));
    if (t.missing_for_all.length) {
      section.append(el("div", {class: "batch-common"}, el("strong", {text: "Missing for every patient: "}),
        t.missing_for_all.join("; ") + "."));
    }
    section.append(rankedTable(t, id, asOf));
    return section;
  }

  function rankedTable(t, id, asOf) {
    // Rows differ by what matters: the verdict, the failures with their values, and what
    // this patient still lacks that not every patient lacks (that is said once, above).
    const table = el("table", {class: "ranked"},
      el("caption", {text: "Patients ranked by verdict, then fewest failed criteria, then fewest items to obtain"}),
      el("thead", {}, el("tr", {}, ["#", "Patient", "Verdict", "Failed", "Also to obtain", "Checklist"]
        .map((h) => el("th", {scope: "col", text: h})))));
    const body = el("tbody", {});
    t.ranked.forEach((row, i) => {
      // The accessible name starts with the visible words ("Open checklist for B-2").
      const open = el("button", {type: "button", class: "link-button"}, "Open checklist",
                      el("span", {class: "visually-hidden", text: " for " + row.patient_id}));
      open.addEventListener("click", () => openInCandidateView(row.patient_id, t.trial_id, asOf));
      body.append(el("tr", {class: "verdict-row-" + VERDICT[row.verdict].cls},
        el("td", {text: String(i + 1)}),
        el("th", {scope: "row", text: row.patient_id}),
        el("td", {title: row.headline}, verdictBadge(row.verdict)),
        el("td", {class: "failed"}, row.failures.length
          ? el("ul", {}, row.failures.map((f) => el("li", {text: f}))) : "none"),
        el("td", {class: "to-obtain"}, row.missing.length
          ? el("ul", {}, row.missing.map((item) => el("li", {text: item})))
          : (row.to_resolve.length ? "only what every patient lacks" : "nothing")),
        el("td", {}, open)));
    });
    table.append(body);
    return el("div", {class: "table-wrap", role: "region", tabindex: "0", "aria-label": "Ranked patients for " + t.trial_id}, table);
  }

  function funnelFigure(f, id) {
    // HTML rows, no library: one per machine-evaluable criterion in file order, its text
    // whole (it wraps), a bar and the counts; on a phone the label takes its own line. The
    // whole bar is the patients no criterion so far has failed; its solid part those who
    // have passed every criterion so far, its hatched part those still open on unknowns.
    const rows = [{criterion: "", text: "All patients in the table", remaining: f.patients, confirmed: f.patients}].concat(f.steps);
    const share = (n) => (f.patients ? 100 * n / f.patients : 0) + "%";
    const list = el("ol", {class: "funnel", "aria-label": "Attrition funnel for " + f.trial});
    let before = f.patients;
    for (const row of rows) {
      const lost = before - row.remaining;
      before = row.remaining;
      const open = el("span", {class: "open"}), bar = el("span", {class: "bar"});
      open.style.width = share(row.remaining);     // CSSOM, allowed by the page's style-src 'self'
      bar.style.width = share(row.confirmed);
      list.append(el("li", {class: "step" + (lost > 0 ? " lost" : "")},
        el("span", {class: "step-label"}, row.criterion ? el("span", {class: "crit-ref", text: row.criterion + ": "}) : null, row.text),
        el("span", {class: "step-bar", "aria-hidden": "true"}, open, bar),
        el("span", {class: "step-value", text: row.remaining + " remain" + (lost > 0 ? " (−" + lost + ")" : "") +
          " · " + row.confirmed + " passed all"})));
    }
    const legend = el("p", {class: "funnel-legend"},
      el("span", {class: "key key-bar", "aria-hidden": "true"}), " passed every criterion so far ",
      el("span", {class: "key key-open", "aria-hidden": "true"}), " not excluded, some unknown");
    const table = el("table", {class: "funnel-table"},
      el("thead", {}, el("tr", {}, ["Criterion", "Pass", "Fail", "Unknown", "Only cause", "Remaining", "Passed all so far"].map((h) => el("th", {scope: "col", text: h})))),
      el("tbody", {}, f.steps.map((s) => el("tr", {},
        el("th", {scope: "row"}, el("span", {class: "crit-ref", text: s.criterion}), " ", s.text),
        [s.passed, s.failed, s.unknown, s.only_cause, s.remaining, s.confirmed].map((v) => el("td", {text: String(v)}))))));
    return el("figure", {class: "funnel-figure", id: id + "-funnel"},
      el("figcaption", {}, el("strong", {text: "Attrition funnel: "}),
        "how many patients remain (no criterion failed) after each machine-evaluable criterion, in order. " +
        plural(f.manual_criteria, "criterion needs", "criteria need") + " a person and " + (f.manual_criteria === 1 ? "is" : "are") + " not counted."),
      legend, list,
      el("details", {}, el("summary", {text: "The funnel as a table"}), el("div", {class: "table-wrap"}, table)));
  }

  function openInCandidateView(patientId, trialId, asOf) {
    const profile = state.batchProfiles && state.batchProfiles[patientId];
    if (!profile) return;
    $("patient-text").value = JSON.stringify(profile, null, 2);
    $("sample").value = "";
    $("patient-file").value = "";
    patientChanged("patient " + patientId + " from the batch table");
    for (const box of $("trial-list").querySelectorAll("input[type=checkbox]")) box.checked = box.value === trialId;
    updateCohorts();
    $("as-of").value = asOf;
    state.selectTab("tab-candidate");
    $("screen-form").requestSubmit();
  }

  // ------------------------------------------------------------------ start
  function start() {
    setUpTabs();
    $("as-of").value = today();
    $("batch-as-of").value = today();
    for (const button of document.querySelectorAll("[data-select]")) {
      button.addEventListener("click", () => {
        for (const box of $(button.dataset.target).querySelectorAll("input[type=checkbox]")) box.checked = button.dataset.select === "all";
        updateCohorts();
      });
    }
    $("trial-list").addEventListener("change", updateCohorts);
    $("sample").addEventListener("change", pickSample);
    $("patient-file").addEventListener("change", pickFile);
    $("patient-text").addEventListener("input", () => { if (state.patient) patientChanged("the edited text"); });
    $("screen-form").addEventListener("submit", screenCandidate);
    $("print-button").addEventListener("click", printLog);
    $("export-button").addEventListener("click", exportDecisions);
    $("sample-review-button").addEventListener("click", loadSampleDecisions);
    $("batch-file").addEventListener("change", pickBatchFiles);
    $("batch-example").addEventListener("click", useExample);
    $("batch-form").addEventListener("submit", screenBatch);
    $("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem("elig-api-key", $("api-key").value);
      $("key-form").hidden = true;
      showError($("screen-error"), null);
      loadTrials();
      loadSamples();
    });
    loadTrials();
    loadSamples();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
