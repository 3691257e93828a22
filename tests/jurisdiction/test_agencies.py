"""Agencies: kinds, units with the penghubung tier, and regional governments generated from a region list."""

from __future__ import annotations

from collections import Counter

import pytest

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction import (
    Agency,
    AgencyKind,
    AgencyRegistry,
    Contact,
    ContactChannel,
    RegionRegistry,
    Unit,
    UnitTier,
    regional_governments,
)


@pytest.mark.usefixtures("english")
def test_units_form_a_tree_under_the_penghubung() -> None:
    agency = Agency(
        id="kemen-pu",
        name="Kementerian PU",
        kind=AgencyKind.kementerian,
        units=[
            Unit(id="penghubung", name="Penghubung", tier=UnitTier.penghubung),
            Unit(id="bina-marga", name="Ditjen Bina Marga", parent_id="penghubung"),
            Unit(id="bbpjn-diy", name="BBPJN DIY", parent_id="bina-marga"),
        ],
        contacts=[Contact(channel=ContactChannel.web, value="https://pu.go.id")],
    )
    assert [u.id for u in agency.unit_path("bbpjn-diy")] == ["penghubung", "bina-marga", "bbpjn-diy"]
    assert [u.id for u in agency.penghubung] == ["penghubung"]
    with pytest.raises(RuleViolation, match="no unit"):
        agency.unit_path("nope")


@pytest.mark.parametrize(
    ("units", "problem"),
    [
        ([Unit(id="a", name="A"), Unit(id="a", name="A again")], "appears twice"),
        ([Unit(id="b", name="B", parent_id="a"), Unit(id="a", name="A")], "must come before"),
    ],
)
@pytest.mark.usefixtures("english")
def test_unit_trees_without_unique_ids_or_with_forward_parents_are_refused(
    units: list[Unit], problem: str
) -> None:
    with pytest.raises(RuleViolation, match=problem):
        Agency(id="x", name="X", kind=AgencyKind.lembaga, units=units)


@pytest.mark.usefixtures("english")
def test_only_regional_governments_govern_a_region_of_their_own_depth() -> None:
    with pytest.raises(RuleViolation, match="must name its region"):
        Agency(id="p", name="P", kind=AgencyKind.pemerintah_provinsi)
    with pytest.raises(RuleViolation, match="only a regional government"):
        Agency(id="pln", name="PLN", kind=AgencyKind.bumn, governs="34")
    with pytest.raises(RuleViolation, match="depth-2"):
        Agency(id="k", name="K", kind=AgencyKind.pemerintah_kabupaten_kota, governs="34")


@pytest.mark.usefixtures("english")
def test_an_agency_id_may_be_registered_once() -> None:
    pln = Agency(id="pln", name="PLN", kind=AgencyKind.bumn)
    with pytest.raises(RuleViolation, match="appears twice"):
        AgencyRegistry([pln, pln])


def test_every_province_and_autonomous_kabupaten_kota_of_2025_gets_its_government(
    regions_2025: RegionRegistry,
) -> None:
    governments = regional_governments(regions_2025)
    kinds = Counter(a.kind for a in governments)
    assert kinds[AgencyKind.pemerintah_provinsi] == 38
    # 514 kabupaten/kota less DKI Jakarta's six administrative ones (UU 29/2007).
    assert kinds[AgencyKind.pemerintah_kabupaten_kota] == 514 - 6
    registry = AgencyRegistry(governments)
    sleman = registry.government_for("34.04.01.2001", provincial=False)
    assert sleman is not None
    assert (sleman.id, sleman.name, sleman.parent_id) == (
        "pemkab-34.04",
        "Pemerintah Kabupaten Sleman",
        "pemprov-34",
    )
    denpasar = registry.get("pemkot-51.71")
    assert denpasar is not None
    assert (denpasar.name, denpasar.timezone) == ("Pemerintah Kota Denpasar", "Asia/Makassar")
    jakarta_pusat = registry.government_for("31.71.01", provincial=False)
    assert jakarta_pusat is not None
    assert jakarta_pusat.id == "pemprov-31"
