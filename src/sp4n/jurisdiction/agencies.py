"""Agencies (instansi) that receive complaints, their units, and the regional governments of a region list.

LAPOR! is tiered: national admin → instansi (K/L/D) → penghubung / unit kerja (PermenPANRB 62/2018). An
:class:`Agency` has a kind, an optional parent agency, the region it governs (regional governments only),
a time zone and contact channels; its :class:`Unit` tree carries the penghubung tier.

Regional governments are generated from a loaded region list, never typed by hand:

>>> from sp4n.jurisdiction.regions import parse_regions
>>> regions = parse_regions(["34,DIY", "34.04,Kabupaten Sleman", "34.71,Kota Yogyakarta"], version="2025")
>>> registry = AgencyRegistry(regional_governments(regions))
>>> registry.government_for("34.04.01.2001", provincial=False).name
'Pemerintah Kabupaten Sleman'
>>> registry.government_for("34.71", provincial=True).id
'pemprov-34'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.jurisdiction.codes import Level, level_of
from sp4n.jurisdiction.provinces import PROVINCES, WIB
from sp4n.jurisdiction.regions import RegionRegistry
from sp4n.jurisdiction.regions_builtin import default_regions

__all__ = [
    "Agency",
    "AgencyKind",
    "AgencyRegistry",
    "Contact",
    "ContactChannel",
    "Unit",
    "UnitTier",
    "agency_name",
    "regional_governments",
]


class AgencyKind(StrEnum):
    """What sort of body an agency is (LAPOR! connects K/L/D, BUMN, PTN and missions abroad)."""

    kementerian = "kementerian"
    lembaga = "lembaga"
    pemerintah_provinsi = "pemerintah_provinsi"
    pemerintah_kabupaten_kota = "pemerintah_kabupaten_kota"
    bumn = "bumn"
    bumd = "bumd"
    perguruan_tinggi = "perguruan_tinggi"
    perwakilan_ri = "perwakilan_ri"
    other = "other"

    @property
    def is_regional_government(self) -> bool:
        """True for pemerintah provinsi and pemerintah kabupaten/kota."""
        return self in (AgencyKind.pemerintah_provinsi, AgencyKind.pemerintah_kabupaten_kota)


class UnitTier(StrEnum):
    """A unit's tier inside its agency: the penghubung (liaison) or a unit kerja (working unit)."""

    penghubung = "penghubung"
    unit_kerja = "unit_kerja"


class ContactChannel(StrEnum):
    """How an agency is reached (institutional addresses only, never a person's)."""

    email = "email"
    phone = "phone"
    web = "web"
    webhook = "webhook"
    address = "address"


@attrs.frozen(kw_only=True)
class Contact:
    """One institutional contact of an agency."""

    channel: ContactChannel = attrs.field(converter=ContactChannel)
    value: str


@attrs.frozen(kw_only=True)
class Unit:
    """A unit of an agency; ``parent_id`` names another unit of the same agency (``None`` at the top)."""

    id: str
    name: str
    tier: UnitTier = attrs.field(converter=UnitTier, default=UnitTier.unit_kerja)
    parent_id: str | None = None


def _check_units(instance: Agency, _: attrs.Attribute[tuple[Unit, ...]], units: tuple[Unit, ...]) -> None:
    seen: set[str] = set()
    for unit in units:
        if unit.id in seen:
            raise RuleViolation(f"agency.{instance.id}.units", "unit {id!r} appears twice", id=unit.id)
        if unit.parent_id is not None and unit.parent_id not in seen:
            # Parents first: this also makes cycles impossible.
            rule = "unit {id!r}: parent {parent!r} must come before it"
            raise RuleViolation(f"agency.{instance.id}.units", rule, id=unit.id, parent=unit.parent_id)
        seen.add(unit.id)


def _check_agency(instance: Agency, _: attrs.Attribute[str | None], governs: str | None) -> None:
    if not instance.id or not instance.name:
        raise RuleViolation("agency.id", "an agency needs a non-empty id and name")
    if instance.kind.is_regional_government and governs is None:
        raise RuleViolation(f"agency.{instance.id}.governs", "a regional government must name its region")
    if governs is not None and not instance.kind.is_regional_government:
        raise RuleViolation(f"agency.{instance.id}.governs", "only a regional government governs a region")
    wanted = 1 if instance.kind is AgencyKind.pemerintah_provinsi else 2
    if governs is not None and len(governs.split(".")) != wanted:
        rule = "a {kind} governs a depth-{depth} region"
        raise RuleViolation(f"agency.{instance.id}.governs", rule, kind=str(instance.kind), depth=wanted)


def _unit_tuple(values: Iterable[Unit]) -> tuple[Unit, ...]:
    return tuple(values)


def _contact_tuple(values: Iterable[Contact]) -> tuple[Contact, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Agency:
    """An instansi that can be assigned complaints.

    ``governs`` is the dotted region code of a regional government; ``timezone`` is the IANA zone its
    working days are counted in (a regional government's follows its province).
    """

    id: str
    name: str
    kind: AgencyKind = attrs.field(converter=AgencyKind)
    governs: str | None = attrs.field(default=None, validator=_check_agency)
    timezone: str = WIB
    parent_id: str | None = None
    units: tuple[Unit, ...] = attrs.field(default=(), converter=_unit_tuple, validator=_check_units)
    contacts: tuple[Contact, ...] = attrs.field(default=(), converter=_contact_tuple)

    def unit_path(self, unit_id: str) -> tuple[Unit, ...]:
        """The units from the top of the agency down to ``unit_id``; raises :class:`RuleViolation`."""
        by_id = {u.id: u for u in self.units}
        if unit_id not in by_id:
            raise RuleViolation(
                "unit_id", "agency {id!r} has no unit {unit_id!r}", id=self.id, unit_id=unit_id
            )
        path = [by_id[unit_id]]
        while path[-1].parent_id is not None:
            path.append(by_id[path[-1].parent_id])
        return tuple(reversed(path))

    @property
    def penghubung(self) -> tuple[Unit, ...]:
        """The agency's liaison units."""
        return tuple(u for u in self.units if u.tier is UnitTier.penghubung)


#: Provinces whose kabupaten/kota are administrative, not autonomous: their affairs stay with the
#: provincial government (DKI Jakarta, UU 29/2007 Pasal 19; kept by UU 2/2024 on Daerah Khusus Jakarta).
ADMINISTRATIVE_PROVINCES = frozenset({"31"})


def _government(code: str, name: str) -> Agency:
    province = code[:2]
    timezone = PROVINCES[province].timezone
    if len(code) == 2:
        return Agency(
            id=f"pemprov-{code}",
            name=f"Pemerintah Provinsi {name}",
            kind=AgencyKind.pemerintah_provinsi,
            governs=code,
            timezone=timezone,
        )
    kota = level_of(code) is Level.kota
    bare = name.removeprefix("Kabupaten ").removeprefix("Kota ")
    return Agency(
        id=f"{'pemkot' if kota else 'pemkab'}-{code}",
        name=f"Pemerintah {'Kota' if kota else 'Kabupaten'} {bare}",
        kind=AgencyKind.pemerintah_kabupaten_kota,
        governs=code,
        timezone=timezone,
        parent_id=f"pemprov-{province}",
    )


def regional_governments(regions: RegionRegistry) -> list[Agency]:
    """A pemprov for every province and a pemkab/pemkot for every autonomous kabupaten/kota in ``regions``.

    Ids are ``pemprov-PP``, ``pemkab-PP.KK`` and ``pemkot-PP.KK``.
    """
    out = []
    for code in regions:
        if len(code) == 2 or (len(code) == 5 and code[:2] not in ADMINISTRATIVE_PROVINCES):
            out.append(_government(code, regions.name_of(code) or code))
    return out


class AgencyRegistry:
    """Agencies by id, with the regional government of each region (read-only once built)."""

    __slots__ = ("_by_id", "_by_region")

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self._by_id: dict[str, Agency] = {}
        self._by_region: dict[str, Agency] = {}
        for agency in agencies:
            if agency.id in self._by_id:
                raise RuleViolation("agency.id", "{id!r} appears twice", id=agency.id)
            self._by_id[agency.id] = agency
            if agency.governs is not None:
                self._by_region[agency.governs] = agency

    @classmethod
    def with_governments(
        cls, regions: RegionRegistry | None = None, agencies: Iterable[Agency] = ()
    ) -> AgencyRegistry:
        """The regional governments of ``regions`` (default: the default region list) plus ``agencies``.

        >>> AgencyRegistry.with_governments().get("pemkot-34.71").name
        'Pemerintah Kota Yogyakarta'
        """
        return cls([*regional_governments(regions or default_regions()), *agencies])

    def __contains__(self, agency_id: object) -> bool:
        return agency_id in self._by_id

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, agency_id: str) -> Agency | None:
        """The agency with that id, or ``None``."""
        return self._by_id.get(agency_id)

    def government_for(self, region_code: str, *, provincial: bool) -> Agency | None:
        """The provincial or kabupaten/kota government over a dotted region code, ``None`` if there is none.

        In an administrative province (DKI Jakarta) the kabupaten/kota tier is the province's government.
        """
        if provincial:
            return self._by_region.get(region_code[:2])
        if len(region_code) < 5:
            return None
        found = self._by_region.get(region_code[:5])
        if found is None and region_code[:2] in ADMINISTRATIVE_PROVINCES:
            return self._by_region.get(region_code[:2])
        return found


_GOVERNMENT_ID = re.compile(r"(pemprov)-(\d{2})|(pemkab|pemkot)-(\d{2}\.\d{2})")


def agency_name(agency_id: str, names: Mapping[str, str] | None = None) -> str:
    """The name citizens read for ``agency_id``: the host's (``names``), else a regional government's official
    name from the default region list, else the id itself (an agency nobody named).

    >>> agency_name("pemprov-51"), agency_name("pemkab-34.04")
    ('Pemerintah Provinsi Bali', 'Pemerintah Kabupaten Sleman')
    >>> agency_name("dinkes-x", {"dinkes-x": "Dinas Kesehatan X"})
    'Dinas Kesehatan X'
    >>> agency_name("pemkab-99.99")
    'pemkab-99.99'
    """
    if names and agency_id in names:
        return names[agency_id]
    match = _GOVERNMENT_ID.fullmatch(agency_id)
    if match is None:
        return agency_id
    code = match.group(2) or match.group(4)
    if len(code) == 2 and code in PROVINCES:
        return _government(code, PROVINCES[code].name).name
    regions = default_regions()  # decoded once, on the first name asked for
    name = regions.name_of(code) if code in regions else None
    return _government(code, name).name if name and code[:2] in PROVINCES else agency_id
