"""retour: send the results of a re-enrolment campaign back to SIECLE's Base Élèves.

The public surface: the readers, the step-by-step :class:`Retour`, and the errors.
"""

from .campagne import Campagne, read_campagne
from .errors import (InconsistentExports, RetourError, UnreadableFile, UnsafeFile,
                     UnusableInput, WrongExportKind)
from .pipeline import Resultat, Retour
from .siecle import (Export, check_same_school, read_eleves, read_export, read_nomenclature,
                     read_responsables, read_structures)

__all__ = [
    "Campagne",
    "Export",
    "InconsistentExports",
    "Resultat",
    "Retour",
    "RetourError",
    "UnreadableFile",
    "UnsafeFile",
    "UnusableInput",
    "WrongExportKind",
    "check_same_school",
    "read_campagne",
    "read_eleves",
    "read_export",
    "read_nomenclature",
    "read_responsables",
    "read_structures",
]
