"""Reports: *how results are shown* — self-contained HTML and PDF reports and a study
dashboard, rendering what ``analysis`` returns. It computes no statistics of its own.
"""
