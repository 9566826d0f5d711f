"""Loading and validating a catalogue folder (../shared/spec/catalogue-format.md).

`load_catalogue(path)` returns a fully checked `Catalogue` or raises `CatalogueInvalid` with every
`Problem` found (str() = "FILE:LINE: FIELD: message"); it never returns a partly loaded catalogue.
"""

from advisor.catalogue.load import load_catalogue
from advisor.catalogue.problems import CatalogueInvalid, Problem

__all__ = ["CatalogueInvalid", "Problem", "load_catalogue"]
