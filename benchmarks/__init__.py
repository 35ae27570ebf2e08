"""Benchmarks: scripts that print figures (time, memory, requests); never run as tests."""
