"""How numbers and units read in reasons: what a coordinator sees on a lab report."""
from __future__ import annotations

import math
import re
from typing import Optional

_UNIT_DISPLAY = {
    "10*9/L": "×10^9/L", "10*3/uL": "×10^3/µL", "10*3/mm3": "×10^3/mm³", "10*6/uL": "×10^6/µL",
    "10*12/L": "×10^12/L", "/uL": "/µL", "/mm3": "/mm³", "umol/L": "µmol/L", "ug/L": "µg/L",
    "ug/dL": "µg/dL", "ug/mL": "µg/mL", "[IU]/L": "IU/L", "m[IU]/L": "mIU/L", "u[IU]/mL": "µIU/mL",
    "meq/L": "mEq/L", "mm[Hg]": "mmHg", "mL/min/{1.73_m2}": "mL/min/1.73 m²", "a": "years",
    "mo": "months", "wk": "weeks", "d": "days", "h": "hours", "{score}": "", "{ratio}": "",
    "1": "", "kg/m2": "kg/m²", "mg/(24.h)": "mg/24 h", "g/(24.h)": "g/24 h",
    "{copies}/mL": "copies/mL", "[IU]/mL": "IU/mL", "m[IU]/mL": "mIU/mL", "k[IU]/L": "kIU/L",
    "[IU]/dL": "IU/dL", "[pH]": "", "cm[H2O]": "cmH2O", "mosm/kg": "mOsm/kg", "mL/d": "mL/day",
    "[in_i]": "inches", "[lb_av]": "lb", "[diop]": "dioptres", "[wood'U]": "Wood units",
    "dyn.s/cm5": "dyn·s/cm⁵", "[degF]": "°F",
}


def unit(code: Optional[str]) -> str:
    if code is None:
        return ""
    shown = _UNIT_DISPLAY.get(code)
    if shown is not None:
        return shown
    power = _POWER_TIMES.match(code)
    if power:  # "10*4.[IU]/mL", "10*3{copies}/mL": a power of ten times a unit
        rest = power.group(2)
        return f"×10^{power.group(1)}{'' if rest[0] == '/' else ' '}{unit(rest)}"
    return code


_POWER_TIMES = re.compile(r"^10\*(\d{1,2})\.?(\D.*)$")


def number(value: float) -> str:
    """150000.0 -> '150,000'; 1.2440 -> '1.244'; six significant digits at most."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞" if value < 0 else "NaN"
    if abs(value) >= 1e6:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    text = format(value, ",.6g")
    return text if "e" not in text else format(value, ".6g")


def quantity(value: float, code: Optional[str]) -> str:
    shown = unit(code)
    if not shown:
        return number(value)
    joiner = "" if shown.startswith(("/", "%")) else " "
    return f"{number(value)}{joiner}{shown}"


OP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
