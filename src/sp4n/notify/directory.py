"""A directory of recipients given as data (routing is data: agency → its admins, unit → its officers).

>>> d = StaticDirectory(
...     agencies={"pemkab-sleman": [Recipient(id="sleman-admin", audience="agency_admin", channel="email",
...                                           address="pengaduan@slemankab.go.id", timezone="Asia/Jakarta")]},
...     national=[Recipient(id="lapor", audience="national_admin", channel="webhook",
...                         address="https://lapor.example/hook")])
>>> from sp4n.notify.facts import ComplaintFacts
>>> f = ComplaintFacts(complaint_id="c1", tracking_id="LAP-1", title="t", category="c",
...                    agency_id="pemkab-sleman")
>>> [r.address for r in d.recipients(Audience.agency_admin, f)]
['pengaduan@slemankab.go.id']
>>> d.recipients(Audience.ombudsman, f)
[]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sp4n.notify.facts import ComplaintFacts
from sp4n.notify.model import Recipient
from sp4n.notify.rules import Audience

__all__ = ["StaticDirectory"]


class StaticDirectory:
    """Recipients from mappings: ``agencies[agency_id]``, ``units[(agency_id, unit_id)]`` and fixed lists.

    The reporter is not here: reporter contacts come from the identity store, at send time.
    """

    def __init__(
        self,
        *,
        agencies: Mapping[str, Sequence[Recipient]] | None = None,
        units: Mapping[tuple[str, str], Sequence[Recipient]] | None = None,
        national: Sequence[Recipient] = (),
        ombudsman: Sequence[Recipient] = (),
        public: Sequence[Recipient] = (),
    ) -> None:
        self._agencies = {k: tuple(v) for k, v in (agencies or {}).items()}
        self._units = {k: tuple(v) for k, v in (units or {}).items()}
        self._fixed = {
            Audience.national_admin: tuple(national),
            Audience.ombudsman: tuple(ombudsman),
            Audience.public: tuple(public),
        }

    def recipients(self, audience: Audience, facts: ComplaintFacts) -> list[Recipient]:
        """Who of ``audience`` hears about the complaint ``facts`` describes."""
        if audience is Audience.agency_admin:
            # The lead agency and every co-handling agency hear what is addressed to agencies.
            agencies = (facts.agency_id or "", *facts.co_agency_ids)
            return [r for agency in agencies for r in self._agencies.get(agency, ())]
        if audience is Audience.unit:
            agency = facts.agency_id or ""
            return [r for unit in facts.unit_ids for r in self._units.get((agency, unit), ())]
        return list(self._fixed.get(audience, ()))
