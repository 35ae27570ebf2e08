"""Stress scripts: larger versions of the suite's robustness tests that print their figures."""
