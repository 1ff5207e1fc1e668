"""Hostile and broken inputs are refused with a French message, nothing expanded."""

from __future__ import annotations

import io
import zipfile

import pytest

from retour.errors import UnreadableFile, UnsafeFile
from retour.siecle import read_eleves

GOOD = ('<?xml version="1.0" encoding="ISO-8859-15"?><BEE_ELEVES VERSION="3.0"><PARAMETRES>'
        "<UAJ>0999999Z</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES><DONNEES>"
        '<ELEVES><ELEVE ELEVE_ID="1"><NOM_DE_FAMILLE>Hélène</NOM_DE_FAMILLE></ELEVE></ELEVES>'
        "</DONNEES></BEE_ELEVES>").encode("iso-8859-15")

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<BEE_ELEVES><PARAMETRES><UAJ>&lol4;</UAJ></PARAMETRES></BEE_ELEVES>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<BEE_ELEVES><PARAMETRES><UAJ>&secret;</UAJ></PARAMETRES></BEE_ELEVES>"""


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_good_file_reads():
    assert read_eleves(GOOD)["eleves"].loc[0, "nom_de_famille"] == "Hélène"


@pytest.mark.parametrize("data", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entities_and_dtd_refused_unexpanded(data):
    with pytest.raises(UnsafeFile) as error:
        read_eleves(data, name="piege.xml")
    assert "DTD ou des entités" in str(error.value)
    assert "root:" not in str(error.value)


def test_dtd_hidden_after_long_comment_still_refused():
    data = b"<?xml version='1.0'?><!--" + b"x" * 70000 + b"-->" + LAUGHS.split(b"?>", 1)[1]
    with pytest.raises(UnsafeFile):
        read_eleves(data)


def test_zip_bomb_refused():
    bomb = zipped({"ElevesAvecAdresses.xml": b"<a>" + b" " * 50_000_000 + b"</a>"})
    assert len(bomb) < 200_000
    with pytest.raises(UnsafeFile, match="taille anormale"):
        read_eleves(bomb, name="ExportXML_ElevesAvecAdresses.zip")


@pytest.mark.parametrize("members, message", [
    ({"a.xml": GOOD, "b.xml": GOOD}, "exactement un fichier XML"),
    ({"lisez-moi.txt": b"rien"}, "exactement un fichier XML"),
    ({"../../etc/ElevesAvecAdresses.xml": GOOD}, "chemin suspect"),
    ({"/abs/ElevesAvecAdresses.xml": GOOD}, "chemin suspect"),
])
def test_odd_zips_refused(members, message):
    with pytest.raises((UnreadableFile, UnsafeFile), match=message):
        read_eleves(zipped(members), name="ExportXML_ElevesAvecAdresses.zip")


def test_truncated_xml_names_the_line():
    with pytest.raises(UnreadableFile, match="s'arrête avant la fin|ligne"):
        read_eleves(GOOD[: len(GOOD) // 2])


def test_encoding_claimed_differs_from_content():
    data = GOOD.replace(b"ISO-8859-15", b"UTF-8")  # é in Latin-9 bytes, UTF-8 declared
    with pytest.raises(UnreadableFile, match="encodage annoncé"):
        read_eleves(data)


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_file(data):
    with pytest.raises(UnreadableFile, match="est vide"):
        read_eleves(data, name="vide.xml")


def test_broken_zip():
    with pytest.raises(UnreadableFile, match="archive zip lisible"):
        read_eleves(b"PK\x03\x04garbage", name="casse.zip")


def test_missing_path():
    with pytest.raises(UnreadableFile, match="introuvable"):
        read_eleves("/nulle/part/ElevesAvecAdresses.xml")
