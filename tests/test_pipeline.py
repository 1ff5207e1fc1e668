"""Reconciliation, checks and export on the demo school and on small variations of it."""

from __future__ import annotations

import copy
from collections import Counter
import io
import re
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from lxml import etree

from retour import demo as school
from retour.campagne import read_campagne
from retour.errors import InconsistentExports, UnusableInput
from retour.pipeline import Retour
from retour.siecle import read_eleves, read_nomenclature, read_responsables
from retour.validation import validate_import

MOMENT = datetime(2026, 6, 20, 9, 30, 0)


_EXPORTS: list = []


@pytest.fixture(scope="session")
def exports(demo):
    found = (read_nomenclature(demo / "ExportXML_Nomenclature.zip"),
             read_eleves(demo / "ExportXML_ElevesAvecAdresses.zip"),
             read_responsables(demo / "ExportXML_ResponsablesAvecAdresses.zip"))
    _EXPORTS[:] = [found]
    return found


@pytest.fixture(scope="session")
def campagne(demo):
    return read_campagne(demo / "dossiers.csv")


def make(exports, campagne=None, tmp_path=None, edit=None, **options) -> Retour:
    """A send over copies of the demo exports, the campaign table edited by ``edit``."""
    if campagne is not None and edit is not None:
        campagne = copy.copy(campagne)
        campagne.table = campagne.table.copy()
        edit(campagne.table)
    nomenclature, eleves, responsables = (copy.deepcopy(e) for e in exports)
    return Retour(nomenclature, eleves, responsables, campagne,
                  dossier_travail=tmp_path, **options)


def row_of(table: pd.DataFrame, ine: str) -> int:
    return table.index[table["ine"] == ine][0]


def dossier(retour: Retour, ine: str):
    return next(d for d in retour.dossiers if d.ine == ine)


def rules(retour: Retour, ine: str) -> set[str]:
    return {c.regle for c in dossier(retour, ine).constats}


_REGULAR: dict[int, str] = {}


def a_regular_ine(campagne) -> str:
    """A student of the campaign whose dossier goes out cleanly, without edits."""
    if id(campagne) not in _REGULAR:
        retour = make(_EXPORTS[0], campagne)
        shared = Counter(l.personne.cle for d in retour.dossiers for l in d.liens)
        clean = [d.ine for d in retour.dossiers
                 if d.rapprochement == "INE" and not d.constats and d.liens
                 and all(shared[l.personne.cle] == 1 for l in d.liens)]
        _REGULAR[id(campagne)] = sorted(clean)[0]
    return _REGULAR[id(campagne)]


# The demo school end to end


def test_demo_exports_a_valid_zip_and_accounts_for_everyone(exports, campagne, tmp_path,
                                                           reference_schema):
    retour = make(exports, campagne, tmp_path)
    result = retour.exporter(tmp_path, moment=MOMENT)
    assert result.zip.name == f"{school.DEMO_UAJ}PRIVE2026260620093000.zip"
    with zipfile.ZipFile(result.zip) as archive:
        assert archive.namelist() == [f"{school.DEMO_UAJ}PRIVE2026260620093000.xml"]
        xml = archive.read(archive.namelist()[0])
    assert validate_import(xml) == []
    assert reference_schema.validate(etree.fromstring(xml)), reference_schema.error_log

    bilan = retour.bilan()
    lines = [int(x) for cell in bilan["lignes"] if cell for x in cell.split(", ")]
    assert sorted(lines) == sorted(campagne.table["ligne"])           # every row, once
    ids = bilan["eleve_id"].dropna()
    assert ids.is_unique and set(ids) == set(exports[1]["eleves"]["eleve_id"])
    assert set(bilan["statut"]) <= {"envoyé", "bloqué"}
    assert (bilan.loc[bilan["statut"] == "bloqué", "motif"] != "").all()
    sent = etree.fromstring(xml).findall("DONNEES/ELEVES/ELEVE")
    assert len(sent) == result.envoyes == (bilan["statut"] == "envoyé").sum()


def test_planted_anomalies_are_reported(exports, campagne, tmp_path):
    retour = make(exports, campagne, tmp_path)
    matching = retour.rapprochement().set_index("ine", drop=False)
    assert matching.loc[school.DUPLICATE_INE, "rapprochement"] == "doublon INE"
    assert "IDNAT" in rules(retour, school.DUPLICATE_INE)
    assert "ACMEF" in rules(retour, school.UNKNOWN_MEF_INE)
    assert "INOPT" in rules(retour, school.UNKNOWN_OPTION_INE)
    assert set(retour.options_a_completer()["libelle"]) == {school.UNKNOWN_OPTION_LABEL}
    assert list(retour.mefs_a_completer()["libelle"]) == [school.UNKNOWN_MEF_LABEL]
    for ine in school.ABSENT_INES:
        assert matching.loc[ine, "rapprochement"] == "absent de la campagne"
    kinds = retour.rapprochement()["rapprochement"].value_counts()
    assert kinds["nouvel élève"] == len(school.NEW_STUDENTS)
    assert kinds["non reconnu"] == 1
    assert retour.resume()["lignes"] == len(campagne.table)


def test_leaving_students_go_out_as_leaving(exports, campagne, tmp_path):
    retour = make(exports, campagne, tmp_path)
    xml = etree.fromstring(retour.exporter(None, moment=MOMENT).xml)
    for ine, _, _ in school.LEAVING:
        eleve = next(e for e in xml.iter("ELEVE") if e.findtext("ID_NATIONAL") == ine)
        assert eleve[0].tag == "CODE_MOTIF_SORTIE"
        assert eleve.findtext("DATE_SORTIE") == "2026-09-01"
        assert eleve.find("SCOLARITE_ACTIVE") is None
    label_motif = dossier(retour, school.LEAVING[1][0]).sortie["code_motif_sortie"]
    assert label_motif == "20"  # "Départ à l'étranger" resolved from its label


def test_without_campaign_siecle_goes_out_as_it_is(exports, tmp_path):
    retour = make(exports)
    assert set(retour.rapprochement()["rapprochement"]) == {"SIECLE"}
    assert retour.changements().empty
    assert not any(c.regle == "ABSEN" for d in retour.dossiers for c in d.constats)
    assert retour.exporter(None, moment=MOMENT).envoyes > 0


def test_other_school_refused(exports, campagne):
    nomenclature, eleves, responsables = (copy.deepcopy(e) for e in exports)
    eleves.parametres["uaj"] = "0111111A"
    with pytest.raises(InconsistentExports, match="0111111A"):
        Retour(nomenclature, eleves, responsables, campagne)


# Matching


def test_row_without_ine_matches_on_normalised_identity(exports, campagne):
    ine = a_regular_ine(campagne)

    def edit(table):
        i = row_of(table, ine)
        table.loc[i, "ine"] = None
        table.loc[i, "nom"] = table.loc[i, "nom"].lower()
    retour = make(exports, campagne, edit=edit)
    d = dossier(retour, ine)
    assert d.rapprochement == "identité" and d.eleve_id is not None


def test_unknown_ine_with_complete_identity_is_a_new_student(exports, campagne):
    ine = a_regular_ine(campagne)

    def edit(table):
        table.loc[row_of(table, ine), "ine"] = "099999999ZZ"
    retour = make(exports, campagne, edit=edit)
    assert dossier(retour, "099999999ZZ").rapprochement == "nouvel élève"
    assert dossier(retour, ine).rapprochement == "absent de la campagne"


def test_responsable_matched_within_the_student_only(exports, campagne):
    ine = a_regular_ine(campagne)
    table = campagne.table
    i = row_of(table, ine)
    before = dossier(make(exports, campagne), ine)
    person = next(l.personne for l in before.liens if l.niveau == "LEGAL")

    def edit(table):
        table.loc[i, "resp1_nom"] = person.nom_de_famille.lower()
        table.loc[i, "resp1_prenom"] = person.prenom.upper()
        table.loc[i, "resp1_tel_portable"] = "06 11 22 33 44"
    retour = make(exports, campagne, edit=edit)
    after = dossier(retour, ine)
    same = [l.personne for l in after.liens if l.personne.personne_id == person.personne_id]
    assert same and same[0].tel_portable == "0611223344"
    assert len([l for l in after.liens if l.niveau == "LEGAL"]) == len(
        [l for l in before.liens if l.niveau == "LEGAL"])


def test_siblings_share_one_personne(exports, campagne):
    retour = make(exports, campagne)
    xml = etree.fromstring(retour.exporter(None, moment=MOMENT).xml)
    ids = [p.findtext("ID_PRV_PER") for p in xml.iter("PERSONNE")]
    assert len(ids) == len(set(ids))
    links = [l.findtext("ID_PRV_PER") for l in xml.iter("LEGAL")]
    assert len(links) > len(set(links))  # some person is legal for several students


def test_identity_change_kept_from_siecle_with_warning(exports, campagne):
    ine = a_regular_ine(campagne)

    def edit(table):
        table.loc[row_of(table, ine), "nom"] = "TOUTAUTRE"
    retour = make(exports, campagne, edit=edit)
    d = dossier(retour, ine)
    assert d.eleve["nom_de_famille"] != "TOUTAUTRE"
    assert "ELNOM" in rules(retour, ine) and not d.bloque


# Checks, one variation each


@pytest.mark.parametrize("column, value, rule", [
    ("sexe", None, None),                        # empty cell: SIECLE's value stays
    ("nationalite", "Groland", "ELNAT"),
    ("pays_naissance", "XX", "LNAIS"),
    ("commune_naissance", "7", "LNAIS"),
    ("regime", "pension complète", "REGIM"),
    ("mef", "TERMINALE", "ACMEF"),
    ("division", "TROPLONGUE9", "ACDIV"),
    ("options", "Anglais LV1, Klingon", "INOPT"),
    ("options", "Latin, Grec, Anglais LV1, Allemand LV1, Espagnol LV2, Italien LV2, "
                "Anglais LV2, Allemand LV2, Français, Mathématiques, EPS, Technologie, "
                "Physique-chimie", "INOPT"),
    ("resp1_civilite", "Docteur", None),
    ("resp1_profession", "73", "PEPCS"),
    ("resp1_lien", "cousin germain", "PAREN"),
    ("resp1_code_postal", "7501", "ADRES"),
    ("resp1_adresse", "Résidence " * 20, "ADRES"),
    ("date_sortie", "31/02/2026", "SCOPR"),
    ("motif_sortie", "parti en vacances", "SCOPR"),
])
def test_each_rule_catches_its_case(exports, campagne, column, value, rule):
    ine = a_regular_ine(campagne)

    def edit(table):
        i = row_of(table, ine)
        table.loc[i, column] = value
        if column == "date_sortie":
            table.loc[i, "motif_sortie"] = "12"
        if column == "motif_sortie":
            table.loc[i, "date_sortie"] = "2026-09-01"
        if column.startswith("resp1_"):
            d = dossier(make(exports, campagne), ine)
            legal = next(l.personne for l in d.liens if l.niveau == "LEGAL")
            table.loc[i, "resp1_nom"] = legal.nom_de_famille
            table.loc[i, "resp1_prenom"] = legal.prenom
    retour = make(exports, campagne, edit=edit)
    found = rules(retour, ine)
    if rule is None:  # SIECLE's value stays: the clean student stays clean
        assert not dossier(retour, ine).bloque, found
    else:
        assert rule in found
        assert dossier(retour, ine).bloque


def test_new_students_blocked_with_reasons_never_invented(exports, campagne):
    retour = make(exports, campagne)
    blocked = retour.bloques()
    for nom, prenom in school.NEW_STUDENTS:
        mine = blocked[(blocked["nom"] == nom) & (blocked["prenom"] == prenom)]
        assert {"HETAB", "PROVE", "CREAT"} <= set(mine["regle"])
    assert all(m for m in blocked["motif"])


def test_non_latin9_characters_warned(exports, campagne):
    retour = make(exports, campagne)
    warnings = retour.avertissements()
    assert (warnings["regle"] == "CARAC").any()


# Subject codes and completions


def test_completions_resolve_and_are_reused_next_run(exports, campagne, tmp_path):
    first = make(exports, campagne, tmp_path)
    assert school.UNKNOWN_OPTION_LABEL in set(first.options_a_completer()["libelle"])
    with pytest.raises(UnusableInput, match="n'existe pas"):
        first.completer_options({school.UNKNOWN_OPTION_LABEL: "999999"})
    first.completer_options({school.UNKNOWN_OPTION_LABEL.lower(): "030602"})
    assert first.options_a_completer().empty
    second = make(exports, campagne, tmp_path)  # a new run, same working folder
    assert second.options_a_completer().empty
    codes = [c for c, _ in dossier(second, school.UNKNOWN_OPTION_INE).options]
    assert "030602" in codes


def test_options_ranked_then_optional_with_modalities(exports, campagne):
    retour = make(exports, campagne)
    nomenclature = retour.nomenclature
    for d in retour.dossiers:
        mef = d.scolarite.get("code_mef")
        ranks = [nomenclature.rank(mef, c) for c, _ in d.options]
        ranked = [r for r in ranks if r is not None]
        assert ranked == sorted(ranked)
        assert ranks[:len(ranked)] == ranked  # ranked ones come first
        for code, modality in d.options:
            if nomenclature.modalities(mef, code):
                assert modality in nomenclature.modalities(mef, code)


def test_label_resolution_any_case_any_accents(exports):
    from retour.nomenclature import Nomenclature
    n = Nomenclature(exports[0])
    assert n.resolve_option("ESPAGNOL lv2") == n.resolve_option("Espagnol LV2") == "030602"
    assert n.resolve_option("ESP2") == "030602"           # code gestion
    assert n.resolve_option("030602") == "030602"         # code matière
    assert n.resolve_option("anglais") is None            # LV1 or LV2: ambiguous
    assert n.resolve_mef("5ème") == n.resolve_mef("5EME") == "10110001110"


# Divisions


def test_division_audit_counts(exports, campagne):
    retour = make(exports, campagne)
    audit = retour.divisions()
    assert audit.iloc[-1]["division"] == "(sans division)"
    assert audit["dossiers"].sum() == sum(1 for d in retour.dossiers if d.sortie is None)
    assert audit["siecle"].sum() == len(exports[1]["eleves"])
    assert len(retour.sans_division()) == audit.iloc[-1]["dossiers"]


# Ids, numbering, determinism, partial send, changes


def test_ids_reused_from_siecle_and_stable(exports, campagne, tmp_path):
    retour = make(exports, campagne, tmp_path)
    xml = etree.fromstring(retour.exporter(tmp_path, moment=MOMENT).xml)
    known = exports[1]["eleves"].dropna(subset=["id_prv_ele"])
    assert len(known)
    sent = {e.findtext("ID_NATIONAL"): e.findtext("ID_PRV_ELE") for e in xml.iter("ELEVE")}
    for ine, id_prv in zip(known["id_national"], known["id_prv_ele"]):
        if ine in sent:
            assert sent[ine] == id_prv
    again = make(exports, campagne, tmp_path).exporter(tmp_path, moment=MOMENT)
    second = etree.fromstring(again.xml)
    assert {e.findtext("ID_NATIONAL"): e.findtext("ID_PRV_ELE")
            for e in second.iter("ELEVE")} == sent
    assert second.findtext("PARAMETRES/NUM_ENVOI") == "2"


def test_same_inputs_same_xml_but_dates(exports, campagne):
    one = make(exports, campagne).exporter(None, moment=MOMENT).xml
    two = make(exports, campagne).exporter(None, moment=datetime(2026, 6, 21)).xml
    strip = lambda x: re.sub(rb"<DATE_IMPORT>[^<]*</DATE_IMPORT>", b"", x)
    assert one != two and strip(one) == strip(two)


def test_partial_send(exports, campagne, tmp_path):
    retour = make(exports, campagne, tmp_path)
    chosen = [a_regular_ine(campagne), school.LEAVING[0][0]]
    result = retour.exporter(tmp_path, ine=chosen, moment=MOMENT)
    xml = etree.fromstring(result.xml)
    assert sorted(e.findtext("ID_NATIONAL") for e in xml.iter("ELEVE")) == sorted(chosen)
    bilan = retour.bilan(chosen)
    assert (bilan["statut"] == "hors envoi partiel").sum() == len(bilan) - 2
    assert (retour.avertissements(chosen)["regle"] == "PARTI").sum() == 2
    with pytest.raises(UnusableInput, match="INE absent"):
        retour.exporter(None, ine=["000000000XX"])


def test_partial_send_after_a_full_one_the_same_half_day(exports, campagne, tmp_path):
    retour = make(exports, campagne, tmp_path)
    full = retour.exporter(tmp_path, moment=MOMENT)
    chosen = [a_regular_ine(campagne)]
    retour.exporter(tmp_path, ine=chosen, moment=MOMENT.replace(minute=45))
    warning = retour.avertissements(chosen).query("regle == 'PARTI'")["motif"].iloc[0]
    assert f"L'envoi n° 1 ({full.envoyes} élèves)" in warning
    later = make(exports, campagne, tmp_path)
    later.exporter(None, ine=chosen, moment=MOMENT.replace(hour=15))
    afternoon = later.avertissements(chosen).query("regle == 'PARTI'")["motif"].iloc[0]
    assert "L'envoi n°" not in afternoon


def test_changes_report_lists_what_the_send_overwrites(exports, campagne):
    ine = a_regular_ine(campagne)

    def edit(table):
        table.loc[row_of(table, ine), "division"] = "3Z"
    retour = make(exports, campagne, edit=edit)
    changes = retour.changements()
    mine = changes[(changes["ine"] == ine) & (changes["champ"] == "code_division")]
    assert list(mine["fichier"]) == ["3Z"]


def test_iso_8859_15_output(exports, campagne, reference_schema):
    retour = make(exports, campagne, encodage="iso-8859-15")
    xml = retour.exporter(None, moment=MOMENT).xml
    assert xml.startswith(b"<?xml version='1.0' encoding='ISO-8859-15'?>")
    assert "Œ".encode("iso-8859-15") in xml
    assert reference_schema.validate(etree.parse(io.BytesIO(xml)))


def test_settings_checked(exports):
    with pytest.raises(UnusableInput, match="1 à 10 caractères"):
        make(exports, logiciel="UNNOMBIENTROPLONG")
    with pytest.raises(UnusableInput, match="Date de début"):
        make(exports, date_deb_sco="demain")
    retour = make(exports, logiciel="MONLOG", num_envoi=7, date_deb_sco="02/09/2026")
    xml = etree.fromstring(retour.exporter(None, moment=MOMENT).xml)
    assert xml.findtext("PARAMETRES/LOGICIEL") == "MONLOG"
    assert xml.findtext("PARAMETRES/NUM_ENVOI") == "7"
    assert {e.text for e in xml.iter("DATE_DEB_SCO")} == {"2026-09-02"}
