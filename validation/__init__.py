"""tropgeo.validation: the main job (``tropgeo verify``), certificates and cross-checks.

Imports everything below it (:mod:`tropgeo`, :mod:`tropgeo.adapters`); nothing
imports it.
"""
