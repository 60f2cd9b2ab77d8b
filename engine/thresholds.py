"""Does a line carry a patient threshold? The yardstick of the Chia measure.

A line carries a threshold when a comparator (a sign or its words) stands next to a
number or a limit of normal, a number is followed by "or more" / "or less", or a
multiple of a limit of normal is written ("2.5 x ULN"). The sampling script and the
corpus benchmark share this one definition, so the share "read whole or in part" is
measured on the same lines the samples were drawn from. It is deliberately independent
of the reader: it must not move when the reader does.
"""
from __future__ import annotations

import re

_SIGN = r"(?:\\?[<>]\s*=?|=\s*[<>]|[≥≤≧≦＜＞]|[<>]\s*or\s*=)"
_WORDS = (r"(?:(?:greater|more|higher|less|lower|fewer|older|younger)\s+than(?:\s+or\s+equal(?:\s+to)?)?"
          r"|at\s+(?:least|most)|up\s+to|no\s+(?:more|less|greater|fewer)\s+than|not\s+(?:more|less|greater)\s+than"
          r"|(?:not\s+)?(?:to\s+)?exceed(?:ing)?|in\s+excess\s+of|above|below|over|under|minimum(?:\s+of)?"
          r"|maximum(?:\s+of)?|between)")
_LIMIT = r"(?:ULN|LLN|IUNL|UNL|upper\s+limits?\s+of|lower\s+limits?\s+of|(?:upper|lower)\s+normal|normal\s+upper)"
_NUMBER = r"(?:\d|\.\d)"

_CARRIES = re.compile(
    rf"{_SIGN}\s*(?:{_NUMBER}|{_LIMIT})"                        # ≥ 100, < ULN
    rf"|\b{_WORDS}\s+(?:\S+\s+)?{_NUMBER}"                      # at least 1,500 ; less than the 3
    rf"|\b{_WORDS}\s+(?:the\s+)?{_LIMIT}"                       # above the upper limit of normal
    rf"|{_NUMBER}[\d.,]*\s*\S*\s+(?:or|and)\s+(?:more|greater|higher|above|over|less|lower|below|under|older|younger)\b"
    rf"|{_NUMBER}[\d.,]*\s*(?:[x×*]|times)\s*(?:the\s+)?(?:institutional\s+)?{_LIMIT}",
    re.I)


def carries_threshold(text: str) -> bool:
    """True when the line states a comparison of a patient value with a number or a
    limit of normal (see the module docstring)."""
    return _CARRIES.search(text) is not None
