"""The `fhir-evidencevariable` export format: R5 or R4, alone or with a ResearchStudy."""
from __future__ import annotations

from fhir.resources.bundle import Bundle
from fhir.resources.R4B.bundle import Bundle as BundleR4

from ..rules import Trial
from . import ExportOptions, exporter
from .evidence_variable import research_study, to_evidence_variable
from .fhir_terms import ENGINE_BASE
from .fhir_r4 import evidence_variable_r4, research_study_r4


@exporter("fhir-evidencevariable")
def evidence_variable_document(trial: Trial, options: ExportOptions) -> dict:
    """The EvidenceVariable; with ``with_study``, a collection Bundle of it and a
    ResearchStudy whose recruitment.eligibility references it."""
    resource = to_evidence_variable(trial)
    study = research_study(trial, resource) if options.with_study else None
    if options.fhir_version == "R4":
        resource = evidence_variable_r4(resource)
        study = research_study_r4(study) if study else None
    if study is None:
        return resource
    # Full URLs under one base, so the study's relative reference resolves inside the Bundle.
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"fullUrl": f"{ENGINE_BASE}/{r['resourceType']}/{r['id']}", "resource": r}
                        for r in (resource, study)]}
    (BundleR4 if options.fhir_version == "R4" else Bundle).model_validate(bundle)
    return bundle
