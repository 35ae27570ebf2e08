"""One run against GitLab: read it in bulk, decide with the pure stages, write through the adapter.

Owns ``planning`` (desired state, observed state and diff for ``plan`` and ``apply``) and
``sweeping`` (the nightly sweep and the read-only ``report``). The commands call these; so do the
demo and the benchmarks, which is why they live below ``commands``.

May import: every core stage and ``adapter``. Never reads the environment or prints.
"""
