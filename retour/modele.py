"""The dossier: one student as the import file will describe it, before checks.

Values are kept as the import wants them (codes, ISO dates, "1"/"0" for booleans) under
the import schema's element names in lower case; missing values are None.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Link levels of the import, from the Responsables export's NIVEAU_RESPONSABILITE.
LEGAL, EN_CHARGE, CONTACT = "LEGAL", "PERSONNE_EN_CHARGE", "CONTACT"
NIVEAUX = {"1": LEGAL, "2": EN_CHARGE, "3": CONTACT}

BLOQUANT, AVERTISSEMENT = "bloquant", "avertissement"


@dataclass
class Constat:
    """One finding on a dossier: a SIECLE rule code (or one of ours) and what to do."""

    regle: str
    gravite: str
    motif: str
    champ: str = ""


@dataclass
class Adresse:
    lignes: list[str]
    code_postal: str | None = None
    ll_postal: str | None = None
    commune_etrangere: str | None = None
    code_pays: str | None = None


@dataclass
class Personne:
    cle: str
    personne_id: str | None = None
    id_prv_per: int | None = None
    code_civilite: str | None = None
    nom_de_famille: str | None = None
    nom_usage: str | None = None
    prenom: str | None = None
    adresse: Adresse | None = None
    communication_adresse: str | None = None
    code_profession: str | None = None
    tel_personnel: str | None = None
    tel_professionnel: str | None = None
    tel_portable: str | None = None
    accepte_sms: str | None = None
    email: str | None = None
    #: Number of dependent children (ENFANT_A_CHARGE): no export carries it; written if set.
    enfant_a_charge: int | None = None
    #: Values set by the campaign, field → (row, value): to notice siblings' rows that
    #: disagree about the same person.
    modifie_par: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass
class Lien:
    personne: Personne
    niveau: str
    code_parente: str | None = None
    paie_frais_scolaires: str | None = None
    heberge_eleve: str | None = None
    percoit_les_aides: str | None = None
    a_contacter_en_priorite: str | None = None


@dataclass
class Dossier:
    """One student: SIECLE's record overlaid by the campaign row."""

    cle: str
    origine: str  # "siecle+campagne", "siecle" (absent from the campaign), "campagne" (new)
    lignes: list[int] = field(default_factory=list)
    #: How the campaign met SIECLE: "INE", "identité", "nouvel élève", "doublon INE",
    #: "ambigu", "non reconnu", "absent de la campagne", or "SIECLE" (no campaign).
    rapprochement: str = "SIECLE"
    eleve_id: str | None = None
    eleve: dict[str, str | None] = field(default_factory=dict)
    adresse: Adresse | None = None
    liens: list[Lien] = field(default_factory=list)
    options_saisies: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)
    scolarite: dict[str, str | None] = field(default_factory=dict)
    an_dernier: dict[str, str | None] = field(default_factory=dict)
    options_an_dernier: list[str] = field(default_factory=list)
    sortie: dict[str, str | None] | None = None
    bourses: list[str] = field(default_factory=list)
    #: NB_PART of each grant code, when known: SIECLE's exports do not carry it, and a
    #: grant is written (BOURSES) only with its number of shares.
    parts_bourses: dict[str, int] = field(default_factory=dict)
    siecle: dict[str, str | None] = field(default_factory=dict)
    #: What SIECLE gave for responsables where the campaign was silent:
    #: (responsable, field label, value); value "" for a responsable SIECLE did not know.
    completes: list[tuple[str, str, str]] = field(default_factory=list)
    constats: list[Constat] = field(default_factory=list)

    @property
    def ine(self) -> str | None:
        return self.eleve.get("id_national")

    @property
    def bloque(self) -> bool:
        return any(c.gravite == BLOQUANT for c in self.constats)

    def signaler(self, regle: str, motif: str, champ: str = "", bloquant: bool = True) -> None:
        self.constats.append(Constat(regle, BLOQUANT if bloquant else AVERTISSEMENT, motif, champ))
