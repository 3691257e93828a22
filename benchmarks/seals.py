"""What chain format 2 (texts sealed by salted digests, so that they can be redacted) costs against format 1.

Both contenders chain the same histories in the same process (``sp4n.lifecycle.history.chain``, with and
without a salt source), then check them (``find_tampering``: hashes, links and, for format 2, every text
against its seal). The baseline is format 1. Medians of ``--repeat`` runs after one warm-up; the ratios are
format 2 time over format 1 time.
"""

from __future__ import annotations

import secrets
from itertools import count

from _common import emit, median_seconds, parse_args

from sp4n.lifecycle.events import Event
from sp4n.lifecycle.history import GENESIS, chain, find_tampering
from sp4n.lifecycle.status import Status
from sp4n.testing.lifecycle import walked


def _histories(n: int) -> list[list[Event]]:
    return [walked(f"c-{i}", Status.closed)[1] for i in range(n)]


def main() -> None:
    args = parse_args(__doc__ or "")
    histories = _histories(20 if args.smoke else 2000)
    serial = count()

    def salt() -> str:
        return f"{next(serial):032x}" if args.smoke else secrets.token_hex(16)

    def chain_v1() -> list[object]:
        return [chain(h, prev_hash=GENESIS, first_position=1) for h in histories]

    def chain_v2() -> list[object]:
        return [chain(h, prev_hash=GENESIS, first_position=1, new_salt=salt) for h in histories]

    v1, v2 = chain_v1(), chain_v2()  # warm-up, and the stored histories the checks read
    stored_v1 = [chain(h, prev_hash=GENESIS, first_position=1) for h in histories]
    stored_v2 = [chain(h, prev_hash=GENESIS, first_position=1, new_salt=salt) for h in histories]
    assert len(v1) == len(v2)
    assert all(find_tampering(s) is None for s in (*stored_v1, *stored_v2))
    events = sum(len(h) for h in histories)
    write_v1 = median_seconds(chain_v1, args.repeat)
    write_v2 = median_seconds(chain_v2, args.repeat)
    check_v1 = median_seconds(lambda: [find_tampering(s) for s in stored_v1], args.repeat)
    check_v2 = median_seconds(lambda: [find_tampering(s) for s in stored_v2], args.repeat)
    emit({
        "events": events,
        "chain_us_per_event_format1": round(write_v1 / events * 1e6, 2),
        "chain_us_per_event_format2": round(write_v2 / events * 1e6, 2),
        "chain_ratio_format2_over_format1": round(write_v2 / write_v1, 2),
        "verify_us_per_event_format1": round(check_v1 / events * 1e6, 2),
        "verify_us_per_event_format2": round(check_v2 / events * 1e6, 2),
        "verify_ratio_format2_over_format1": round(check_v2 / check_v1, 2),
    })  # fmt: skip


if __name__ == "__main__":
    main()
