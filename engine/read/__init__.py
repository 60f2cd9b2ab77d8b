"""Reading a criterion line: normalise it, read its thresholds wherever they stand, and
account for every other word (harmless qualifier, meaning-changing cue, or manual review)."""
