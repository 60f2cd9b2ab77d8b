"""Documents made from screening results: the screening log a site files (HTML, PDF)."""
