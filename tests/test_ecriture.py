"""Writer pieces: address splitting, private ids, naming."""

from __future__ import annotations

import re
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from retour.adresse import split_address
from retour.ecriture import Envoi, assign_ids

words = st.lists(st.text(alphabet="abcdéèçœABCÉ'-0123456789", min_size=1, max_size=45),
                 min_size=1, max_size=30)


@given(words)
def test_split_lines_fit_and_keep_every_word(parts):
    text = " ".join(parts)
    lines = split_address(text)
    if lines is None:
        assert len(text) > 38 * 3  # only long addresses overflow four lines
        return
    assert len(lines) <= 4
    assert all(1 <= len(line) <= 38 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@given(words)
def test_split_breaks_only_between_words_when_words_fit(parts):
    parts = [p[:38] for p in parts]
    lines = split_address(" ".join(parts))
    if lines is not None:
        assert " ".join(lines).split() == " ".join(parts).split()


def test_split_known_address():
    text = "Résidence les Jardins de la Méditerranée, bâtiment C, escalier 4"
    assert split_address(text) == [
        "Résidence les Jardins de la", "Méditerranée, bâtiment C, escalier 4"]
    assert split_address("x " * 100) is None


def test_ids_keep_known_then_remembered_then_smallest_free():
    ids = assign_ids({"b": 7, "c": 3}, [("a", 3), ("b", None), ("c", None), ("d", None)])
    assert ids == {"a": 3, "b": 7, "c": 1, "d": 2}


@given(st.lists(st.tuples(st.text(min_size=1, max_size=5),
                          st.one_of(st.none(), st.integers(0, 99999))),
                unique_by=lambda t: t[0], max_size=60))
def test_ids_unique_and_in_range(wanted):
    ids = assign_ids({}, wanted)
    assert len(set(ids.values())) == len(wanted)
    assert all(0 <= v <= 99999 for v in ids.values())
    assert ids == assign_ids({}, wanted)  # stable


def test_zip_name_follows_siecle_rule():
    envoi = Envoi("0999999Z", "2026", 1, "RETOUR", "2026-09-01",
                  moment=datetime(2026, 6, 20, 14, 5, 9))
    assert envoi.nom == "0999999ZPRIVE2026260620140509"
    assert re.fullmatch(r"\w{8}PRIVE\d{4}\d{12}", envoi.nom)
