"""Analysis: *what the results mean* — pure functions from stored studies to tables and
small result objects (Mann–Whitney comparisons with win/tie/loss, rankings, anytime
curves, importances of finished studies, timing). It writes no files and draws nothing.
"""
