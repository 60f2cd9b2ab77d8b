"""Criteria out in the standards' own forms (`elig export`)."""
