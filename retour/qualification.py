"""The qualification file: the test file on which the ministry validates a private program.

About a hundred students of one school (the demo collège) go through the usual steps:
reading the exports and the campaign, reconciliation, checks, writing and validation. The
planted anomalies of the demo stay blocked, as they would be. Then a few dossiers are
completed so that every element the import schema defines appears at least once, with
what SIECLE's exports cannot give stated here as test data:

- one enrolled student carries the most the schema allows: usage name, INE_BEA and
  INE_RNIE, a four-line address, phones, grants with their number of shares (NB_PART, which
  no export carries), two legal responsables, a person in charge and a contact, a schooling
  ending early (DATE_FIN_SCO, ARRET_FORMATION), last year's MEF type, status, dates and
  options (codes of at most 5 characters); their responsables have a usage name and
  dependent children (ENFANT_A_CHARGE);
- one enrolled student and one leaving student (ELEVE_SORTANT) carry the least the schema
  allows: only its required elements;
- one student was born abroad (VILLE_NAISS), has a responsable living abroad
  (COMMUNE_ETRANGERE) and last year's school known only by its département
  (CODE_DEPARTEMENT).

The zip is named and written as any send (``{UAJ}PRIVE{AAAA}{AAMMJJhhmmss}.zip`` holding the
XML of the same name), with the default LOGICIEL, and validated against the import schema.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from . import demo
from .campagne import read_campagne
from .errors import UnusableInput
from .modele import CONTACT, EN_CHARGE, LEGAL, Adresse, Dossier, Lien, Personne
from .pipeline import Retour
from .siecle import read_eleves, read_nomenclature, read_responsables

#: Students in the demo school: about a hundred go out once its anomalies are blocked.
ELEVES = 104
SEED = 2026

#: Number of shares of each demo grant (N nationale, D départementale): test data.
PARTS_BOURSES = {"N": 3, "D": 1}


def build_qualification(folder: str | os.PathLike) -> Path:
    """Write the qualification zip into ``folder`` and return its path."""
    retour = _send()
    dossiers = retour.dossiers
    most, least, foreign = _pick(dossiers)
    leaving = next(d for d in dossiers if not d.bloque and d.sortie is not None)
    _the_most(most)
    _the_least(least)
    _the_least_leaving(leaving)
    _from_abroad(foreign)
    result = retour.exporter(folder)
    chosen = {id(d) for d in (most, least, leaving, foreign)}
    refused = [d for d in dossiers if id(d) in chosen and d.bloque]
    if refused:  # the schema refused a completed dossier: this module is wrong, not the data
        raise UnusableInput("Fichier de qualification incomplet : "
                            + "; ".join(c.motif for d in refused for c in d.constats))
    return result.zip


def _send() -> Retour:
    """The demo school's send, read from its files as an administrator's would be."""
    school = demo.build(ELEVES, SEED)
    return Retour(
        read_nomenclature(demo.nomenclature_xml(), "Nomenclature.xml"),
        read_eleves(demo.eleves_xml(school), "ElevesAvecAdresses.xml"),
        read_responsables(demo.responsables_xml(school), "ResponsablesAvecAdresses.xml"),
        read_campagne(demo.campaign_csv(school.rows), "dossiers.csv"),
        sauvegarde_auto=False,
    )


def _pick(dossiers: list[Dossier]) -> tuple[Dossier, Dossier, Dossier]:
    """Three enrolled students going out whose responsables no other student shares."""
    shared: dict[str, int] = {}
    for d in dossiers:
        for link in d.liens:
            shared[link.personne.cle] = shared.get(link.personne.cle, 0) + 1
    alone = [d for d in sorted(dossiers, key=lambda d: d.cle)
             if not d.bloque and d.sortie is None and d.options
             and sum(link.niveau == LEGAL for link in d.liens) == 2
             and all(shared[link.personne.cle] == 1 for link in d.liens)]
    if len(alone) < 3:
        raise UnusableInput("L'établissement de démonstration n'a pas assez d'élèves pour "
                            "le fichier de qualification.")
    return alone[0], alone[1], alone[2]


def _person(key: str, civilite: str, nom: str, prenom: str, adresse: Adresse,
            profession: str) -> Personne:
    return Personne(cle=key, code_civilite=civilite, nom_de_famille=nom,
                    nom_usage=f"{nom}-DURAND", prenom=prenom, adresse=adresse,
                    communication_adresse="1", code_profession=profession,
                    tel_personnel="0199000201", tel_professionnel="0199000202",
                    tel_portable="0699000203", accepte_sms="1",
                    email=f"{prenom.lower()}.{nom.lower()}@example.org", enfant_a_charge=2)


def _the_most(d: Dossier) -> None:
    e = d.eleve
    ine = e["id_national"]
    e.update(ine_bea=ine[:-2] + "BE", ine_rnie=e.get("ine_rnie") or ine,
             nom_usage=f"{e['nom_de_famille']}-MARTIN", prenom2=e.get("prenom2") or "Marie",
             prenom3=e.get("prenom3") or "Louise", date_entree=e.get("date_entree")
             or "2023-09-01", tel_personnel="0199000101", tel_professionnel="0199000102",
             tel_portable="0699000103", accepte_sms="1", email="eleve.qualif@example.org")
    d.adresse = Adresse(lignes=["Résidence Les Jardins du Parc", "Bâtiment C, escalier 4",
                                "Appartement 212", "12 avenue des Quatre Vents"],
                        code_postal="94240", ll_postal="L HAY LES ROSES", code_pays="100")
    d.bourses, d.parts_bourses = list(PARTS_BOURSES), dict(PARTS_BOURSES)
    d.scolarite.update(code_statut=d.scolarite.get("code_statut") or "ST",
                       date_fin_sco="2027-02-12", arret_formation="1")
    d.an_dernier.update(type_mef="1", code_statut="ST", date_deb_sco="2025-09-01",
                        date_fin_sco="2026-07-04",
                        code_division=d.an_dernier.get("code_division") or "5A")
    d.options_an_dernier = ["AGL1", "LCALA", "ESP2"]
    for link in d.liens:
        person = link.personne
        person.nom_usage = person.nom_usage or f"{person.nom_de_famille}-MARTIN"
        person.enfant_a_charge = 2
        person.email = person.email or "responsable.qualif@example.org"
        person.tel_professionnel = person.tel_professionnel or "0199000301"
        person.tel_personnel = person.tel_personnel or "0199000302"
        person.tel_portable = person.tel_portable or "0699000303"
        person.accepte_sms = person.accepte_sms or "1"
        person.communication_adresse = person.communication_adresse or "1"
        link.paie_frais_scolaires = link.paie_frais_scolaires or "0"
        link.percoit_les_aides = link.percoit_les_aides or "0"
        link.a_contacter_en_priorite = link.a_contacter_en_priorite or "1"
    home = d.adresse
    carer = _person("QUALIF-EN-CHARGE", "2", "BERNARD", "Sylvie", home, "54")
    contact = _person("QUALIF-CONTACT", "1", "ROUSSEAU", "Alain", home, "99")
    d.liens = [link for link in d.liens if link.niveau == LEGAL] + [
        Lien(carer, EN_CHARGE, code_parente="42", paie_frais_scolaires="0",
             heberge_eleve="0", a_contacter_en_priorite="0"),
        Lien(contact, CONTACT, code_parente="39"),
    ]


def _the_least(d: Dossier) -> None:
    """Only what an enrolled student must carry; one legal responsable, bare."""
    required = ("nom_de_famille", "prenom", "code_pays_nat", "date_naiss", "code_sexe",
                "code_pays", "code_commune_insee_naiss", "ville_naiss", "adhesion_transport",
                "code_regime", "doublement")
    d.eleve = {key: d.eleve.get(key) for key in required}
    d.adresse, d.bourses, d.parts_bourses, d.options, d.options_an_dernier = None, [], {}, [], []
    d.scolarite = {"code_mef": d.scolarite["code_mef"], "code_statut": "ST"}
    d.an_dernier = {"code_rne": d.an_dernier["code_rne"],
                    "code_provenance": d.an_dernier["code_provenance"]}
    legal = next(link for link in d.liens if link.niveau == LEGAL)
    person = legal.personne
    d.liens = [Lien(replace(person, nom_usage=None, adresse=None, communication_adresse=None,
                            tel_personnel=None, tel_professionnel=None, tel_portable=None,
                            accepte_sms=None, email=None, enfant_a_charge=None),
                    LEGAL, code_parente=legal.code_parente,
                    heberge_eleve=legal.heberge_eleve or "1")]


def _the_least_leaving(d: Dossier) -> None:
    """Only what a leaving student must carry."""
    required = ("nom_de_famille", "prenom", "date_naiss", "code_pays", "adhesion_transport",
                "code_regime", "doublement")
    d.eleve = {key: d.eleve.get(key) for key in required}
    d.adresse, d.bourses, d.parts_bourses = None, [], {}


def _from_abroad(d: Dossier) -> None:
    """Born abroad, a responsable living abroad, last year's school known by département."""
    d.eleve.update(code_pays="131", ville_naiss="BRUXELLES", code_commune_insee_naiss=None)
    d.an_dernier.update(code_rne=None, code_departement="094")
    legal = [link for link in d.liens if link.niveau == LEGAL][-1]
    legal.personne.adresse = Adresse(lignes=["Rue Neuve 12"], commune_etrangere="BRUXELLES",
                                     code_pays="131")
