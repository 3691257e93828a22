"""Message templates in Bahasa Indonesia (the default) and English, which a host can override.

Templates use :class:`string.Template` ``$placeholders``. The placeholders a template may use are exactly
:data:`PLACEHOLDERS`; an override that names any other is refused when it is registered, not when the first
citizen would have received a broken message.

>>> t = Templates().get("forwarded", "id")
>>> t.sms.substitute(tracking_id="LAP-1", agency="pemkab-sleman", deadline_line="")
'LAPOR! Laporan LAP-1 diteruskan ke pemkab-sleman. '
>>> Templates({("closed", "id"): MessageTemplate(subject="Selesai", body="$nope", sms="x")})
Traceback (most recent call last):
...
sp4n.exceptions.ConfigurationError: templates[closed/id]: placeholder tidak dikenal nope
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Template
from types import MappingProxyType

import attrs

from sp4n.exceptions import ConfigurationError

__all__ = ["DEFAULT_LANGUAGE", "PLACEHOLDERS", "MessageTemplate", "Templates"]

DEFAULT_LANGUAGE = "id"

#: Every placeholder a template may use (values are filled in privacy-aware by ``sp4n.notify.messages``).
PLACEHOLDERS = frozenset(
    {
        "tracking_id",
        "title",
        "category",
        "status",
        "agency",
        "units",
        "reason",
        "reporter",
        "deadline",
        "deadline_line",
        "clock",
        "overdue",
    }
)


@attrs.frozen(kw_only=True)
class MessageTemplate:
    """Subject and body (for e-mail and webhooks) and a short SMS text."""

    subject: Template = attrs.field(converter=Template)
    body: Template = attrs.field(converter=Template)
    sms: Template = attrs.field(converter=Template)


_T = MessageTemplate
_ID: dict[str, MessageTemplate] = {
    "received": _T(
        subject="Laporan $tracking_id diterima",
        body='Laporan Anda "$title" telah diterima dengan nomor pelacakan $tracking_id. $deadline_line',
        sms="LAPOR! Laporan Anda diterima, nomor pelacakan $tracking_id. $deadline_line",
    ),
    "forwarded": _T(
        subject="Laporan $tracking_id diteruskan",
        body='Laporan Anda $tracking_id "$title" telah diteruskan ke $agency. $deadline_line',
        sms="LAPOR! Laporan $tracking_id diteruskan ke $agency. $deadline_line",
    ),
    "arrived": _T(
        subject="Laporan baru $tracking_id",
        body='Laporan baru $tracking_id "$title" (kategori $category) untuk $agency. Pelapor: $reporter. '
        "$deadline_line",
        sms="LAPOR! Laporan baru $tracking_id untuk $agency. $deadline_line",
    ),
    "disposed": _T(
        subject="Disposisi laporan $tracking_id",
        body='Laporan $tracking_id "$title" didisposisikan ke unit $units. $deadline_line',
        sms="LAPOR! Disposisi $tracking_id ke unit $units. $deadline_line",
    ),
    "followed_up": _T(
        subject="Laporan $tracking_id ditindaklanjuti",
        body="Laporan Anda $tracking_id telah ditindaklanjuti: $reason\n"
        "Tanggapi jika Anda belum puas. $deadline_line",
        sms="LAPOR! Laporan $tracking_id ditindaklanjuti. Tanggapi jika belum puas. $deadline_line",
    ),
    "replied": _T(
        subject="Pelapor belum puas: laporan $tracking_id",
        body='Pelapor menanggapi tindak lanjut laporan $tracking_id "$title" dan belum puas: $reason\n'
        "Mohon tindak lanjut baru. $deadline_line",
        sms="LAPOR! Pelapor $tracking_id belum puas, mohon tindak lanjut baru. $deadline_line",
    ),
    "information_requested": _T(
        subject="Mohon lengkapi laporan $tracking_id",
        body='Laporan Anda $tracking_id "$title" perlu dilengkapi: $reason\nMohon tambahkan keterangan. '
        "$deadline_line",
        sms="LAPOR! Mohon lengkapi laporan $tracking_id: $reason",
    ),
    "information_deadline_extended": _T(
        subject="Jangka waktu laporan $tracking_id diperpanjang",
        body='$agency memperpanjang jangka waktu jawaban atas permintaan informasi $tracking_id "$title" '
        "7 hari kerja (UU 14/2008 Pasal 22 ayat (8)). Alasan: $reason\n$deadline_line",
        sms="LAPOR! Jawaban $tracking_id diperpanjang 7 hari kerja: $reason",
    ),
    "information_added": _T(
        subject="Keterangan tambahan: laporan $tracking_id",
        body='Pelapor menambahkan keterangan pada laporan $tracking_id "$title": $reason',
        sms="LAPOR! Keterangan tambahan untuk $tracking_id.",
    ),
    "closed": _T(
        subject="Laporan $tracking_id selesai",
        body='Laporan Anda $tracking_id "$title" telah selesai. Terima kasih.',
        sms="LAPOR! Laporan $tracking_id selesai. Terima kasih.",
    ),
    "declined": _T(
        subject="Bukan wewenang: laporan $tracking_id",
        body="$agency menyatakan laporan $tracking_id bukan wewenangnya: $reason\nMohon diteruskan ulang. "
        "$deadline_line",
        sms="LAPOR! $tracking_id bukan wewenang $agency, mohon diteruskan ulang.",
    ),
    "breach": _T(
        subject="Batas waktu terlewati: laporan $tracking_id",
        body="Batas waktu $clock laporan $tracking_id ($agency) terlewati $overdue (jatuh tempo $deadline).",
        sms="LAPOR! Batas waktu $clock $tracking_id terlewati $overdue.",
    ),
    "escalated": _T(
        subject="Eskalasi laporan $tracking_id",
        body='Laporan $tracking_id "$title" ($agency) dieskalasi ke Ombudsman RI. Pelapor: $reporter. '
        "Alasan: $reason",
        sms="LAPOR! Laporan $tracking_id dieskalasi ke Ombudsman RI.",
    ),
    "public_status": _T(
        subject="Laporan $tracking_id: $status",
        body='Laporan $tracking_id "$title": $status.',
        sms="LAPOR! $tracking_id: $status.",
    ),
    "auto_close_warning": _T(
        subject="Laporan $tracking_id akan ditutup",
        body="Laporan Anda $tracking_id akan ditutup otomatis pada $deadline bila tidak ada tanggapan.",
        sms="LAPOR! $tracking_id ditutup otomatis $deadline bila tidak ada tanggapan.",
    ),
    "deadline_approaching": _T(
        subject="Batas waktu laporan $tracking_id",
        body='Batas waktu $clock laporan $tracking_id "$title" adalah $deadline.',
        sms="LAPOR! Batas waktu $clock $tracking_id: $deadline.",
    ),
}

_EN: dict[str, MessageTemplate] = {
    "received": _T(
        subject="Report $tracking_id received",
        body='Your report "$title" was received; its tracking number is $tracking_id. $deadline_line',
        sms="LAPOR! Report received, tracking number $tracking_id. $deadline_line",
    ),
    "forwarded": _T(
        subject="Report $tracking_id forwarded",
        body='Your report $tracking_id "$title" was forwarded to $agency. $deadline_line',
        sms="LAPOR! Report $tracking_id forwarded to $agency. $deadline_line",
    ),
    "arrived": _T(
        subject="New report $tracking_id",
        body='New report $tracking_id "$title" (category $category) for $agency. Reporter: $reporter. '
        "$deadline_line",
        sms="LAPOR! New report $tracking_id for $agency. $deadline_line",
    ),
    "disposed": _T(
        subject="Report $tracking_id disposed",
        body='Report $tracking_id "$title" was disposed to unit(s) $units. $deadline_line',
        sms="LAPOR! $tracking_id disposed to $units. $deadline_line",
    ),
    "followed_up": _T(
        subject="Report $tracking_id followed up",
        body="Your report $tracking_id was followed up: $reason\n"
        "Reply if you are not satisfied. $deadline_line",
        sms="LAPOR! $tracking_id followed up. Reply if not satisfied. $deadline_line",
    ),
    "replied": _T(
        subject="Reporter not satisfied: report $tracking_id",
        body='The reporter answered the follow-up of report $tracking_id "$title" and is not satisfied: '
        "$reason\nA new follow-up is due. $deadline_line",
        sms="LAPOR! Reporter of $tracking_id not satisfied, new follow-up due. $deadline_line",
    ),
    "information_requested": _T(
        subject="Please complete report $tracking_id",
        body='Your report $tracking_id "$title" needs more information: $reason\nPlease add it. '
        "$deadline_line",
        sms="LAPOR! Please complete report $tracking_id: $reason",
    ),
    "information_deadline_extended": _T(
        subject="Time limit of report $tracking_id extended",
        body='$agency extended the time to answer the request for information $tracking_id "$title" by 7 '
        "working days (UU 14/2008 Article 22(8)). Reason: $reason\n$deadline_line",
        sms="LAPOR! Answer to $tracking_id extended by 7 working days: $reason",
    ),
    "information_added": _T(
        subject="More information: report $tracking_id",
        body='The reporter added information to report $tracking_id "$title": $reason',
        sms="LAPOR! More information for $tracking_id.",
    ),
    "closed": _T(
        subject="Report $tracking_id closed",
        body='Your report $tracking_id "$title" is closed. Thank you.',
        sms="LAPOR! Report $tracking_id closed. Thank you.",
    ),
    "declined": _T(
        subject="Not our authority: report $tracking_id",
        body="$agency says report $tracking_id is not its authority: $reason\n"
        "Please re-route. $deadline_line",
        sms="LAPOR! $tracking_id declined by $agency, please re-route.",
    ),
    "breach": _T(
        subject="Time limit breached: report $tracking_id",
        body="The $clock limit of report $tracking_id ($agency) was overrun by $overdue (due $deadline).",
        sms="LAPOR! $clock limit of $tracking_id overrun by $overdue.",
    ),
    "escalated": _T(
        subject="Report $tracking_id escalated",
        body='Report $tracking_id "$title" ($agency) was escalated to Ombudsman RI. Reporter: $reporter. '
        "Reason: $reason",
        sms="LAPOR! Report $tracking_id escalated to Ombudsman RI.",
    ),
    "public_status": _T(
        subject="Report $tracking_id: $status",
        body='Report $tracking_id "$title": $status.',
        sms="LAPOR! $tracking_id: $status.",
    ),
    "auto_close_warning": _T(
        subject="Report $tracking_id will be closed",
        body="Your report $tracking_id will be closed automatically on $deadline unless you reply.",
        sms="LAPOR! $tracking_id closes automatically $deadline unless you reply.",
    ),
    "deadline_approaching": _T(
        subject="Deadline of report $tracking_id",
        body='The $clock deadline of report $tracking_id "$title" is $deadline.',
        sms="LAPOR! $clock deadline of $tracking_id: $deadline.",
    ),
}
del _T


def _check(key: tuple[str, str], template: MessageTemplate) -> None:
    for part in (template.subject, template.body, template.sms):
        if not part.is_valid():
            raise ConfigurationError(f"templates[{key[0]}/{key[1]}]", "malformed $placeholder")
        unknown = set(part.get_identifiers()) - PLACEHOLDERS
        if unknown:
            raise ConfigurationError(
                f"templates[{key[0]}/{key[1]}]",
                "unknown placeholder(s) {names}",
                names=", ".join(sorted(unknown)),
            )


class Templates:
    """The built-in templates (``id`` and ``en``) with a host's ``overrides`` on top.

    ``overrides`` maps ``(template name, language)`` to a :class:`MessageTemplate`; new names and new
    languages are allowed. A language without a template falls back to Bahasa Indonesia.
    """

    def __init__(self, overrides: Mapping[tuple[str, str], MessageTemplate] | None = None) -> None:
        table = {(name, "id"): t for name, t in _ID.items()} | {(name, "en"): t for name, t in _EN.items()}
        for key, template in (overrides or {}).items():
            _check(key, template)
            table[key] = template
        self._table = MappingProxyType(table)

    def get(self, name: str, language: str) -> MessageTemplate:
        """The template ``name`` in ``language`` (falling back to Indonesian).

        Raises:
            ConfigurationError: no template of that name exists at all.

        >>> Templates().get("closed", "jv").subject.template
        'Laporan $tracking_id selesai'
        """
        found = self._table.get((name, language)) or self._table.get((name, DEFAULT_LANGUAGE))
        if found is None:
            raise ConfigurationError(f"templates[{name}]", "no such template")
        return found

    def names(self) -> frozenset[str]:
        """Every template name known (in any language)."""
        return frozenset(name for name, _ in self._table)
