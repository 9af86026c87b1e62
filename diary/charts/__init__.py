"""Charts: each module builds a matplotlib Figure from the analysis (no pyplot, no Qt).

timeline, ferritin_response, after_infusion and sleep each have `build(...)`; the window
shows the figures on a Qt canvas and the report prints the very same figures.
"""
