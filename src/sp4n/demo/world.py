"""The demo's world: the six pilot regions of the KOICA–UNDP LAPOR! project, their regional governments,
a small routing policy, and made-up reporters.

Pilot regions: Kab. Tangerang (36.03), Kab. Badung (51.03), Kab. Sleman (34.04),
DI Yogyakarta (34), Bali (51) and Sumatera Barat (13). Banten (36) is listed only because a kabupaten code
needs its province in the region list; its government is not part of the pilot, so nothing is routed to it.

Every person here is invented from the seeded random generator; NIKs are plausible in form only.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import attrs

from sp4n.jurisdiction.agencies import Agency, AgencyRegistry, regional_governments
from sp4n.jurisdiction.policy import Policy, Rule, Target, TargetLevel
from sp4n.jurisdiction.regions import RegionRegistry, parse_regions
from sp4n.lifecycle.model import Actor, Role

__all__ = ["CATEGORIES", "PILOT_GOVERNMENTS", "Category", "Person", "World", "build_world"]

_REGIONS = [
    "kode,nama",
    "13,Sumatera Barat",
    "34,Daerah Istimewa Yogyakarta",
    "34.04,Kabupaten Sleman",
    "36,Banten",
    "36.03,Kabupaten Tangerang",
    "51,Bali",
    "51.03,Kabupaten Badung",
]
#: The six pilot governments (ids as :func:`regional_governments` names them).
PILOT_GOVERNMENTS = ("pemkab-36.03", "pemkab-51.03", "pemkab-34.04", "pemprov-34", "pemprov-51", "pemprov-13")


@attrs.frozen(kw_only=True)
class Category:
    """A complaint category: which tier of government handles it (UU 23/2014), its unit, sample titles."""

    id: str
    kabupaten: bool
    unit: str
    titles: tuple[str, ...]


CATEGORIES = (
    Category(
        id="adminduk",
        kabupaten=True,
        unit="disdukcapil",
        titles=("KTP elektronik belum jadi", "Antrean KK terlalu lama", "Akta kelahiran salah nama"),
    ),
    Category(
        id="pendidikan-dasar",
        kabupaten=True,
        unit="disdik",
        titles=("Pungutan di SD negeri", "Zonasi SMP tidak jelas", "Dana BOS tidak transparan"),
    ),
    Category(
        id="jalan-kabupaten",
        kabupaten=True,
        unit="dpupr",
        titles=("Jalan berlubang", "Jembatan desa rusak", "Drainase tersumbat"),
    ),
    Category(
        id="kesehatan",
        kabupaten=True,
        unit="dinkes",
        titles=("Puskesmas tutup di jam layanan", "Obat kosong di puskesmas", "Ambulans desa tidak datang"),
    ),
    Category(
        id="pendidikan-menengah",
        kabupaten=False,
        unit="disdik",
        titles=("Pungutan di SMA negeri", "Ijazah SMK belum diterima"),
    ),
    Category(
        id="jalan-provinsi",
        kabupaten=False,
        unit="dpupr",
        titles=("Jalan provinsi longsor", "Lampu jalan provinsi mati"),
    ),
)

#: Where reports come from: the pilot kabupaten, and cities of the pilot provinces (whose own government is
#: not in the pilot, so kabupaten/kota affairs there fall back to the province by the routing policy).
ORIGINS = ("36.03", "51.03", "34.04", "34.71", "51.71", "13.71", "13.06")


def _policy() -> Policy:
    rules = []
    for cat in CATEGORIES:
        if cat.kabupaten:
            rules.append(
                Rule(
                    id=f"{cat.id}-kabkota",
                    category=cat.id,
                    target=Target(level=TargetLevel.kabupaten_kota),
                    basis="UU 23/2014 lampiran",
                )
            )
        # Provincial affairs, and the fallback for kabupaten/kota affairs where no pilot government is.
        rules.append(
            Rule(
                id=f"{cat.id}-provinsi",
                category=cat.id,
                target=Target(level=TargetLevel.provinsi),
                priority=-1,
                basis="UU 23/2014 lampiran",
            )
        )
    return Policy(name="demo-pilot", version="2026-demo", rules=rules)


@attrs.frozen(kw_only=True)
class Person:
    """An invented reporter (never printed unmasked); ``email`` is under the reserved ``.example`` domain."""

    name: str
    nik: str
    phone: str
    email: str


_GIVEN = ("Siti", "Budi", "Made", "Ni Luh", "Agus", "Dewi", "Rizky", "Wayan", "Nur", "Andi", "Putu", "Rina")
_FAMILY = ("Aminah", "Santoso", "Wijaya", "Lestari", "Saputra", "Hidayat", "Pratama", "Kurniawan", "Sari")


def invent_person(rng: random.Random, region: str) -> Person:
    """A made-up reporter living in ``region`` with a plausible-looking NIK and mobile number."""
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 16000))
    female = rng.random() < 0.5
    kabkota = region.replace(".", "")[2:4] if len(region) >= 5 else "01"
    day = born.day + (40 if female else 0)
    nik = (
        f"{region[:2]}{kabkota}{rng.randrange(1, 20):02d}"
        f"{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 10000):04d}"
    )
    phone = f"08{rng.choice('1235789')}{rng.randrange(10**8, 10**9)}"
    name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
    # Derived, not drawn: adding the address left every other draw (and so the rest of the run) unchanged.
    email = f"{name.lower().replace(' ', '.')}.{nik[-4:]}@surel.example"
    return Person(name=name, nik=nik, phone=phone, email=email)


@attrs.frozen(kw_only=True)
class World:
    """Regions, agencies, routing policy and the staff who act in the demo."""

    regions: RegionRegistry
    registry: AgencyRegistry
    policy: Policy
    admin: Actor

    def agency(self, agency_id: str) -> Agency:
        """The agency (it must exist)."""
        found = self.registry.get(agency_id)
        if found is None:
            raise LookupError(agency_id)
        return found

    def agency_admin(self, agency_id: str) -> Actor:
        """The admin instansi of ``agency_id``."""
        return Actor(id=f"admin-{agency_id}", role=Role.agency_admin, agency_id=agency_id)

    def officer(self, agency_id: str, unit: str) -> Actor:
        """An officer of ``unit`` in ``agency_id``."""
        return Actor(id=f"{unit}-{agency_id}", role=Role.unit_officer, agency_id=agency_id, unit_id=unit)


def build_world() -> World:
    """The pilot world: six governments, six categories, one national admin."""
    regions = parse_regions(_REGIONS, version="kepmendagri-2025 (pilot subset)", source="demo")
    agencies = [a for a in regional_governments(regions) if a.id in PILOT_GOVERNMENTS]
    return World(
        regions=regions,
        registry=AgencyRegistry(agencies),
        policy=_policy(),
        admin=Actor(id="admin-lapor", role=Role.national_admin),
    )
