"""SIECLE export readers: kinds, blocks, absent vs empty, encodings, zips, consistency."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from retour.errors import InconsistentExports, UnreadableFile, WrongExportKind
from retour.siecle import (check_same_school, read_eleves, read_export, read_nomenclature,
                           read_responsables)


def export_xml(root: str, body: str, uaj: str = "0999999Z", annee: str = "2026",
               version: str = "3.0") -> bytes:
    text = (f'<?xml version="1.0" encoding="ISO-8859-15"?>\n<{root} VERSION="{version}">'
            f"<PARAMETRES><UAJ>{uaj}</UAJ><ANNEE_SCOLAIRE>{annee}</ANNEE_SCOLAIRE>"
            "<DATE_EXPORT>15/06/2026</DATE_EXPORT><HORODATAGE>15/06/2026 10:00:00</HORODATAGE>"
            f"</PARAMETRES><DONNEES>{body}</DONNEES></{root}>")
    return text.encode("iso-8859-15")


ELEVE = """<ELEVES><ELEVE ELEVE_ID="7" ELENOET="12"><ID_NATIONAL>070832327JA</ID_NATIONAL>
<NOM_DE_FAMILLE>CŒUR</NOM_DE_FAMILLE><PRENOM>Zoé</PRENOM><PRENOM2></PRENOM2>
<DATE_NAISS>01/02/2013</DATE_NAISS><CODE_SEXE>2</CODE_SEXE><CODE_MEF>10110001110</CODE_MEF>
<VILLE_NAISS/><SCOLARITE_AN_DERNIER><CODE_MEF>10010012110</CODE_MEF>
<CODE_STRUCTURE>6A</CODE_STRUCTURE><CODE_RNE>0999999Z</CODE_RNE></SCOLARITE_AN_DERNIER>
</ELEVE></ELEVES>
<STRUCTURES><STRUCTURES_ELEVE ELEVE_ID="7">
<STRUCTURE><CODE_STRUCTURE>LAT5</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>
<STRUCTURE><CODE_STRUCTURE>5B</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
</STRUCTURES_ELEVE></STRUCTURES>"""


def test_reference_samples_read(samples):
    nomenclature = read_nomenclature(samples / "nomenclature_tout_niveau.xml")
    assert nomenclature.uaj == "0140070A" and nomenclature.annee_scolaire == "2018"
    assert list(nomenclature["mefs"]["code_mef"]) == [
        "10010012110", "10110001110", "10210001110", "10310019110"]
    double = read_nomenclature(samples / "nomenclature_code_modalite_elec_double.xml")
    assert sorted(double["programmes"]["code_modalite_elect"]) == ["O", "S"]
    responsables = read_responsables(samples / "responsables_avec_adresses_simple.xml")
    assert len(responsables["personnes"]) == 3
    assert set(responsables["responsables"]["niveau_responsabilite"]) == {"1"}
    assert responsables["adresses"].loc[0, "libelle_postal"] == "MEZIDON VALLEE D AUGE"


def test_reference_double_structure_division_and_group(samples):
    eleves = read_eleves(samples / "eleves_avec_adresse_avec_double_structure.xml")
    row = eleves["eleves"].iloc[0]
    assert row["division"] == "301"
    assert row["groupes"] == "_301P1"
    assert eleves["scolarite_an_dernier"].loc[0, "code_structure"] == "406"
    assert list(eleves["options"]["code_matiere"]) == ["030201", "030602", "020300"]


def test_reference_malformed_sample_gives_french_error_with_line(samples):
    with pytest.raises(UnreadableFile) as error:
        read_eleves(samples / "eleves_avec_adresse_simple.xml")
    message = str(error.value)
    assert "n'est pas un XML valide à la ligne 139" in message
    assert "refaites l'export" in message


def test_division_is_the_d_structure_wherever_it_stands():
    eleves = read_eleves(export_xml("BEE_ELEVES", ELEVE))
    row = eleves["eleves"].iloc[0]
    assert (row["division"], row["groupes"]) == ("5B", "LAT5")


def test_absent_element_differs_from_empty_element():
    table = read_eleves(export_xml("BEE_ELEVES", ELEVE))["eleves"]
    assert table.loc[0, "prenom2"] == ""          # <PRENOM2></PRENOM2>
    assert table.loc[0, "ville_naiss"] == ""      # <VILLE_NAISS/>
    assert pd.isna(table.loc[0, "prenom3"])       # no element at all


def test_iso_8859_15_characters_decoded():
    body = ELEVE.replace("Zoé", "Ÿvonne €")
    table = read_eleves(export_xml("BEE_ELEVES", body))["eleves"]
    assert table.loc[0, "nom_de_famille"] == "CŒUR"
    assert table.loc[0, "prenom"] == "Ÿvonne €"


def test_zip_input_and_bytes_input(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ElevesAvecAdresses.xml", export_xml("BEE_ELEVES", ELEVE))
    path = tmp_path / "ExportXML_ElevesAvecAdresses.zip"
    path.write_bytes(buffer.getvalue())
    from_path = read_eleves(path)
    from_bytes = read_eleves(buffer.getvalue(), name="upload.zip")
    assert from_path["eleves"].equals(from_bytes["eleves"])
    assert "ElevesAvecAdresses.xml" in from_path.source


def test_wrong_slot_names_expected_and_found():
    with pytest.raises(WrongExportKind) as error:
        read_nomenclature(export_xml("BEE_ELEVES", ELEVE), name="ElevesAvecAdresses.xml")
    message = str(error.value)
    assert "« Élèves (avec ou sans adresses) »" in message
    assert "« Nomenclature » est attendu" in message


def test_unknown_root_is_refused():
    with pytest.raises(WrongExportKind, match="élément racine est « IMPORT_ELEVES »"):
        read_export(b"<IMPORT_ELEVES/>", expected="eleves")


def test_uaj_and_year_mismatch_named():
    nomenclature = read_nomenclature(export_xml("BEE_NOMENCLATURES", "<MEFS/>"))
    other_school = read_eleves(export_xml("BEE_ELEVES", ELEVE, uaj="0111111A"))
    with pytest.raises(InconsistentExports, match="UAJ.*0111111A"):
        check_same_school(nomenclature, other_school)
    other_year = read_eleves(export_xml("BEE_ELEVES", ELEVE, annee="2025"))
    with pytest.raises(InconsistentExports, match="l'année.*2025"):
        check_same_school(nomenclature, other_year)
    check_same_school(nomenclature, read_eleves(export_xml("BEE_ELEVES", ELEVE)))


def test_older_responsables_form_gets_the_newer_columns():
    body = """<PERSONNES><PERSONNE PERSONNE_ID="1"><NOM_DE_FAMILLE>A</NOM_DE_FAMILLE>
    <PRENOM>B</PRENOM></PERSONNE></PERSONNES><RESPONSABLES>
    <RESPONSABLE_ELEVE><ELEVE_ID>7</ELEVE_ID><PERSONNE_ID>1</PERSONNE_ID>
    <RESP_LEGAL>2</RESP_LEGAL><CODE_PARENTE>20</CODE_PARENTE><RESP_FINANCIER>1</RESP_FINANCIER>
    </RESPONSABLE_ELEVE><RESPONSABLE_ELEVE><ELEVE_ID>7</ELEVE_ID><PERSONNE_ID>1</PERSONNE_ID>
    <RESP_LEGAL>0</RESP_LEGAL><CODE_PARENTE>90</CODE_PARENTE><PERS_CONTACT>1</PERS_CONTACT>
    </RESPONSABLE_ELEVE></RESPONSABLES>"""
    export = read_responsables(export_xml("BEE_RESPONSABLES", body))
    links = export["responsables"]
    assert list(links["niveau_responsabilite"]) == ["1", "3"]
    assert links.loc[0, "paie_frais_scolaires"] == "1"
    assert export.parametres["forme_responsables"] == "ancienne"
    assert "responsables.heberge_eleve" in export.missing_fields
    assert "personnes.lc_civilite" in export.missing_fields


def test_missing_parametres_is_a_french_error():
    with pytest.raises(UnreadableFile, match="PARAMETRES"):
        read_eleves(b'<BEE_ELEVES VERSION="3.0"><DONNEES/></BEE_ELEVES>')


def test_student_without_its_key_is_refused_with_the_line():
    body = ELEVE.replace(' ELEVE_ID="7"', "", 1)
    with pytest.raises(UnreadableFile, match=r"ELEVE sans ELEVE_ID \(ligne \d+\)"):
        read_eleves(export_xml("BEE_ELEVES", body))
