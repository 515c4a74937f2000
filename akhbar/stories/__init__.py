"""Syndicated copies and stories: which articles are near copies of one another (MinHash over
word shingles), which wire agency an article credits, and which articles report the same event.

Pure logic (no DuckDB, no Prefect): signatures are computed in the transform workers, the
matching itself runs in the warehouse (akhbar.warehouse.stories) on what these functions return.
"""
