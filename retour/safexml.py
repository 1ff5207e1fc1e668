"""Safe reading of the files users give: paths or bytes, XML or SIECLE's zips.

Everything a user uploads passes here first. The parser resolves no entity, loads no DTD,
reaches no network and refuses documents larger than the limits in ``settings``; a zip must
hold exactly one XML document, under a plain name, that inflates to a sane size.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from lxml import etree

from . import settings
from .errors import UnreadableFile, UnsafeFile

Source = Union[str, os.PathLike, bytes, bytearray, memoryview]


@dataclass(frozen=True)
class Payload:
    """The bytes of one document and the name to show the user."""

    data: bytes
    name: str


def read_source(source: Source, name: str | None = None, limit: int | None = None) -> Payload:
    """Return the bytes of ``source`` (a path or bytes), refusing what exceeds ``limit``."""
    limit = settings.MAX_XML_BYTES if limit is None else limit
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or "fichier déposé"
    else:
        path = Path(source)
        label = name or path.name
        if not path.is_file():
            raise UnreadableFile(
                f"Le fichier « {path} » est introuvable. Vérifiez le chemin indiqué."
            )
        size = path.stat().st_size
        if size > limit:
            raise UnsafeFile(_too_big(label, size, limit))
        data = path.read_bytes()
    if len(data) > limit:
        raise UnsafeFile(_too_big(label, len(data), limit))
    if not data.strip():
        raise UnreadableFile(
            f"Le fichier « {label} » est vide. Refaites l'export ou choisissez un autre fichier."
        )
    return Payload(data, label)


def _too_big(label: str, size: int, limit: int) -> str:
    return (
        f"Le fichier « {label} » pèse {size / 1e6:.0f} Mo, au-delà de la limite de "
        f"{limit / 1e6:.0f} Mo : aucun fichier d'un établissement n'est aussi gros. "
        "Vérifiez le fichier choisi."
    )


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06"


def unzip_single_xml(payload: Payload, limit: int | None = None) -> Payload:
    """Return the one XML document inside a SIECLE zip, after safety checks."""
    limit = settings.MAX_XML_BYTES if limit is None else limit
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload.data))
    except zipfile.BadZipFile:
        raise UnreadableFile(
            f"Le fichier « {payload.name} » n'est pas une archive zip lisible. "
            "Téléchargez de nouveau l'export depuis SIECLE."
        ) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > settings.MAX_ZIP_MEMBERS:
            raise UnsafeFile(
                f"L'archive « {payload.name} » contient {len(members)} fichiers ; un export "
                "SIECLE n'en contient qu'un. Déposez l'export tel que SIECLE le fournit."
            )
        for member in members:
            _check_member_name(payload.name, member.filename)
        xmls = [m for m in members if m.filename.lower().endswith(".xml")]
        if len(xmls) != 1:
            found = ", ".join(m.filename for m in members) or "aucun fichier"
            raise UnreadableFile(
                f"L'archive « {payload.name} » doit contenir exactement un fichier XML ; "
                f"elle contient : {found}. Déposez l'export tel que SIECLE le fournit."
            )
        member = xmls[0]
        if member.file_size > limit or (
            member.compress_size
            and member.file_size / member.compress_size > settings.MAX_ZIP_RATIO
        ):
            raise UnsafeFile(
                f"L'archive « {payload.name} » a été refusée : « {member.filename} » se "
                f"décompresse en {member.file_size / 1e6:.0f} Mo, une taille anormale "
                "(archive piégée ou corrompue). Refaites l'export depuis SIECLE."
            )
        data = _read_bounded(archive, member, limit, payload.name)
    label = f"{payload.name} › {member.filename}"
    if not data.strip():
        raise UnreadableFile(f"Le fichier « {label} » est vide. Refaites l'export depuis SIECLE.")
    return Payload(data, label)


def _check_member_name(archive: str, filename: str) -> None:
    parts = filename.replace("\\", "/").split("/")
    if filename.startswith(("/", "\\")) or ".." in parts or ":" in filename:
        raise UnsafeFile(
            f"L'archive « {archive} » a été refusée : elle contient un chemin suspect "
            f"(« {filename} »). Déposez l'export tel que SIECLE le fournit."
        )


def _read_bounded(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int,
                  name: str) -> bytes:
    """Inflate ``member`` but stop past ``limit``, whatever the header claims."""
    chunks = []
    total = 0
    try:
        with archive.open(member) as stream:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit or (
                    member.compress_size and total / member.compress_size > settings.MAX_ZIP_RATIO
                ):
                    raise UnsafeFile(
                        f"L'archive « {name} » a été refusée : son contenu se décompresse "
                        "bien au-delà de sa taille annoncée (archive piégée ou corrompue)."
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error) as exc:
        raise UnreadableFile(
            f"L'archive « {name} » est endommagée"
            + (f" ({exc})" if str(exc) else "")
            + ". Téléchargez de nouveau l'export."
        ) from None
    return b"".join(chunks)


def xml_payload(source: Source, name: str | None = None) -> Payload:
    """The XML bytes of ``source``, unzipping SIECLE's ``ExportXML_*.zip`` if need be."""
    payload = read_source(source, name)
    if is_zip(payload.data):
        return unzip_single_xml(payload)
    return payload


def safe_parser(**options) -> etree.XMLParser:
    """An lxml parser that expands no entity, loads no DTD and reaches no network.

    ``options`` adds to (or, for ``huge_tree``, overrides) those settings.
    """
    defaults = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                 "dtd_validation": False, "huge_tree": False}
    return etree.XMLParser(**{**defaults, **options})


#: A DTD or an entity declaration, in 8-bit encodings and in UTF-16 (either byte order).
_DTD_MARKERS = tuple(word.encode(codec) for word in ("<!DOCTYPE", "<!ENTITY")
                     for codec in ("ascii", "utf-16-le", "utf-16-be"))


def parse_xml(payload: Payload) -> etree._Element:
    """Parse XML bytes safely and return the root, or raise a French error with the line."""
    head = payload.data[:65536]
    if any(marker in head for marker in _DTD_MARKERS):
        raise UnsafeFile(
            f"Le fichier « {payload.name} » a été refusé : il déclare une DTD ou des entités, "
            "ce que les exports SIECLE ne font jamais (fichier modifié ou piégé). "
            "Refaites l'export depuis SIECLE."
        )
    _check_declared_encoding(payload)
    try:
        root = etree.fromstring(payload.data,
                               safe_parser(remove_comments=True, remove_pis=True))
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or (exc.position[0] if exc.position else None)
        where = f" à la ligne {line}" if line else ""
        raise UnreadableFile(
            f"Le fichier « {payload.name} » n'est pas un XML valide{where} : {_explain(exc)}. "
            "Le fichier a probablement été modifié ou tronqué ; refaites l'export depuis SIECLE."
        ) from None
    if root is None:
        raise UnreadableFile(f"Le fichier « {payload.name} » ne contient aucun élément XML.")
    has_dtd = root.getroottree().docinfo.doctype or root.getroottree().docinfo.internalDTD
    if has_dtd or next(root.iter(etree.Entity), None) is not None:
        raise UnsafeFile(
            f"Le fichier « {payload.name} » a été refusé : il contient des références "
            "d'entités. Refaites l'export depuis SIECLE."
        )
    return root


_DECLARATION = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: Single-byte encodings whose text is never valid UTF-8 once it holds an accent.
_SINGLE_BYTE = {"iso8859-1", "iso8859-15", "cp1252"}


def _check_declared_encoding(payload: Payload) -> None:
    """Refuse UTF-8 content declared as ISO-8859-15 (or Latin-1): the parser would accept
    it and every accent would be read as two characters ("Ã©" for "é")."""
    match = _DECLARATION.match(payload.data[:200].lstrip())
    if match is None or payload.data.isascii():
        return
    try:
        declared = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return  # the parser names the unknown encoding
    if declared not in _SINGLE_BYTE:
        return
    try:
        payload.data.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise UnreadableFile(
        f"Le fichier « {payload.name} » annonce l'encodage {match.group(1).decode('ascii')} "
        "mais son contenu est en UTF-8 : tous les accents seraient mal lus (« Ã© » au lieu "
        "de « é »). Le fichier a sans doute été réenregistré par un autre logiciel ; "
        "refaites l'export depuis SIECLE."
    )


def _explain(exc: etree.XMLSyntaxError) -> str:
    """A short French rendering of libxml2's message (the original is kept at the end)."""
    msg = str(exc.msg if hasattr(exc, "msg") else exc)
    if "mismatch" in msg:
        return f"une balise est fermée sous un autre nom que celui de son ouverture ({msg})"
    if "Premature end" in msg or "EndTag" in msg or "end of data" in msg:
        return f"le fichier s'arrête avant la fin du document ({msg})"
    if "encoding" in msg.lower() or "not proper UTF" in msg or "Input is not" in msg:
        return f"l'encodage annoncé ne correspond pas au contenu ({msg})"
    if "Start tag expected" in msg or "Document is empty" in msg:
        return f"ce n'est pas un document XML ({msg})"
    return msg
