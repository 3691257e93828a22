"""Reporters' account ids never enter the record: a signed-in reporter acts under a random reporter reference.

A host authenticates a reporter by an account id, and that id may be personal data (a phone-number login).
Events are hash-chained and never rewritten, so whatever they hold outlives an erasure. The first time an
account files, it is linked (in the identity store, beside the identity) to a new random ``reporter_ref``;
complaints, events, the idempotency fingerprint and error messages see only that reference. Erasing the
reporter deletes the link with the identity (UU 27/2022, Pasal 8: the right to erasure), so nothing
left in the store leads back to the account: a random reference, unlike a keyed hash of the account id,
cannot be recomputed from a guessed phone number by whoever holds the key. docs/adapters.md gives the choice.

>>> from sp4n.adapters.storage.memory import MemoryUnitOfWork
>>> from sp4n.lifecycle.model import Actor
>>> uow = MemoryUnitOfWork()
>>> with uow:
...     linked = linked_actor(uow.identities, Actor(id="081234567890", role="reporter"), lambda: "r-7")
...     uow.commit()
>>> linked.id
'r-7'
>>> with uow:
...     recorded_actor(uow.identities, Actor(id="081234567890", role="reporter")).id
'r-7'
>>> with uow:   # an account that never filed owns nothing; its id is not carried on
...     recorded_actor(uow.identities, Actor(id="0899", role="reporter")).id
'unlinked-reporter'
>>> with uow:   # staff act under their own accounts: the record must say which official did what
...     recorded_actor(uow.identities, Actor(id="adm-1", role="national_admin")).id
'adm-1'
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from sp4n.exceptions import RuleViolation
from sp4n.lifecycle.model import Actor, Role
from sp4n.ports import IdentityStore, UnitOfWork

__all__ = ["UNLINKED", "linked_actor", "recorded_actor", "recorded_in"]

#: The reference an account that never filed acts under: no complaint carries it, so it owns nothing.
UNLINKED = "unlinked-reporter"


def recorded_actor(identities: IdentityStore, actor: Actor) -> Actor:
    """``actor`` as the record knows it: a reporter's account id replaced by their ``reporter_ref``.

    An id that is itself a stored reporter reference stays (so mapping twice changes nothing), and so does an
    account id that was its own reference before accounts were linked (histories written by earlier versions
    keep their raw references and still verify; see docs/adapters.md, "Older histories").
    """
    if actor.role is not Role.reporter:
        return actor
    ref = identities.ref_of(actor.id)
    if ref is None:
        ref = actor.id if identities.get(actor.id) is not None else UNLINKED
    return attrs.evolve(actor, id=ref)


def linked_actor(identities: IdentityStore, actor: Actor, new_ref: Callable[[], str]) -> Actor:
    """Like :func:`recorded_actor`, but an account that is not linked yet is linked to ``new_ref()`` (in the
    caller's unit of work: the link commits with the filing, or not at all)."""
    if actor.id == UNLINKED:
        raise RuleViolation("actor.id", "is the stand-in of an unlinked account, not an account id")
    recorded = recorded_actor(identities, actor)
    if recorded.id != UNLINKED:
        return recorded
    return attrs.evolve(actor, id=identities.link(actor.id, new_ref()))


def recorded_in(uow: UnitOfWork, actor: Actor) -> Actor:
    """:func:`recorded_actor` in a read of its own (staff need none): for a service call before its unit of
    work opens."""
    if actor.role is not Role.reporter:
        return actor
    with uow:
        return recorded_actor(uow.identities, actor)
