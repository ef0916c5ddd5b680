"""Interlaboratory comparisons (计量比对) and proficiency tests (能力验证): the criteria that
judge a participant's result, the pilot laboratory's results table, and what a bundle's
comparison sheets must say (docs/comparisons.md)."""
