"""Limits and defaults, in one place."""

from __future__ import annotations

#: Largest XML document accepted, uncompressed (bytes). The biggest school exports weigh
#: a few tens of MB; an academy-wide test with 30,000 students stays well under this.
MAX_XML_BYTES = 400 * 1024 * 1024

#: Largest campaign file accepted (CSV or XLSX, bytes).
MAX_TABLE_BYTES = 100 * 1024 * 1024

#: A zip member whose uncompressed size exceeds this many times its compressed size is a
#: bomb: XML compresses well (about 10 to 30 times), never by hundreds.
MAX_ZIP_RATIO = 200

#: Most members a SIECLE zip may hold (it holds one XML).
MAX_ZIP_MEMBERS = 16

#: Most cells read from one XLSX sheet.
MAX_XLSX_CELLS = 5_000_000

#: Default name of the private program, written in LOGICIEL (at most 10 characters).
DEFAULT_LOGICIEL = "RETOUR"

#: Version of the import schema the written files follow.
IMPORT_SCHEMA_VERSION = "3.1"

#: Name of the small state file kept beside the output (send number, completions, ids).
STATE_FILE = "retour-etat.json"
