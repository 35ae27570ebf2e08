"""The program file: read the YAML with positions, check it, and build the model from it.

Owns ``yaml_source`` (YAML nodes with line and column), ``fields`` and ``schema`` (the format,
declared once), ``profiles`` (the kinds of people's matching profiles: tags, time zones,
weights), ``checks`` and ``profile_checks`` (references, duplicates, dates, capacity, tags,
managers), ``loader`` (everything together, every problem at once), ``json_schema`` (the
format for editors) and ``gc_pause`` (reading, and the runs that hold what was read, with the
cycle collector paused).

May import: ``errors``, ``model``, ``render`` (validation renders every template once).
Pure: no GitLab, no environment, no printing.
"""
