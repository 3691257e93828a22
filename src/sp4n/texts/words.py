"""The words of notices, deadline explanations, pages, problem titles and the command line, id then en.

Message templates themselves stay in :mod:`sp4n.notify.templates` (a host overrides them per template and
language); the words they are filled with, and every other text, are here.
"""

from __future__ import annotations

from sp4n.texts.core import register

__all__ = ["CLI", "ERRORS", "NOTICES", "PAGES", "PROBLEM_TITLES", "SLA_EXPLANATION", "VERBS"]

NOTICES: dict[str, tuple[str, str]] = {
    "notice.anonymous": ("Anonim", "Anonymous"),
    "notice.unknown": ("-", "-"),
    "notice.next": ("Batas waktu berikutnya: {deadline}.", "Next deadline: {deadline}."),
    "notice.hidden": ("[disembunyikan]", "[withheld]"),
}

SLA_EXPLANATION: dict[str, tuple[str, str]] = {
    "sla.limit": (
        "Batas waktu: {value} {unit} sejak {start} ({zone}).",
        "Limit: {value} {unit} from {start} ({zone}).",
    ),
    "sla.days": (
        "Hari kejadian tidak dihitung; batas waktu berakhir pada {due}.",
        "The day of the event does not count; the limit ends on {due}.",
    ),
    "sla.hours": (
        "Hanya jam kerja dihitung; batas waktu berakhir pada {due}.",
        "Only office hours count; the limit ends on {due}.",
    ),
    "sla.cutoff": (
        "Laporan yang diterima di luar jam kerja dihitung mulai hari kerja berikutnya.",
        "A report received outside office hours counts from the next working day.",
    ),
    "sla.skipped": ("Hari yang tidak dihitung:", "Days not counted:"),
    "sla.none": ("Tidak ada hari libur yang dilewati.", "No non-working days were skipped."),
    "sla.estimated": (
        "Perhatian: sebagian tanggal masih perkiraan dan dapat bergeser setelah sidang isbat.",
        "Note: some dates are still estimates and may move after the sidang isbat.",
    ),
    "sla.estimated_mark": (" (perkiraan)", " (estimated)"),
    "sla.version": ("Kalender: {version}.", "Calendar: {version}."),
    "sla.unit.working_days": ("hari kerja", "working days"),
    "sla.unit.calendar_days": ("hari kalender", "calendar days"),
    "sla.unit.working_hours": ("jam kerja", "working hours"),
    "sla.kind.weekend": ("akhir pekan", "weekend"),
    "sla.kind.libur_nasional": ("libur nasional", "national holiday"),
    "sla.kind.cuti_bersama": ("cuti bersama", "collective leave"),
    "sla.kind.override": ("penetapan tambahan", "host override"),
    "sla.holidays_of": ("Hari libur {year} ({version}):", "Non-working days {year} ({version}):"),
}

PAGES: dict[str, tuple[str, str]] = {
    "page.track": ("Lacak laporan", "Track a report"),
    "page.status": ("Status", "Status"),
    "page.timeline": ("Riwayat", "Timeline"),
    "page.deadline": ("Batas waktu berikutnya", "Next deadline"),
    "page.none": ("Tidak ada batas waktu berjalan", "No deadline running"),
    "page.agency": ("Instansi", "Agency"),
    "page.submitted": ("Dikirim", "Submitted"),
    "page.switch": ("English", "Bahasa Indonesia"),
    "page.not_found": ("Laporan tidak ditemukan", "Report not found"),
    "page.compliance": ("Kepatuhan SLA", "SLA compliance"),
    "page.started": ("Tindak lanjut dimulai", "Follow-ups started"),
    "page.within": ("Tindak lanjut ≤ 5 hari kerja", "Follow-up ≤ 5 working days"),
    "page.breaches": ("Pelanggaran", "Breaches"),
    "page.on_time": ("tepat waktu", "on time"),
    "page.late": ("terlambat", "late"),
    "page.category": ("Kategori", "Category"),
    "page.updated": ("Diperbarui", "Updated"),
    "page.unpublished": (
        "Isi laporan ini tidak ditampilkan untuk umum.",
        "This report's contents are not shown to the public.",
    ),
}

PROBLEM_TITLES: dict[str, tuple[str, str]] = {
    "problem.error": ("Kesalahan sistem", "Internal error"),
    "problem.rule-violation": ("Masukan melanggar aturan", "Input breaks a rule"),
    "problem.invalid-command": ("Permintaan tidak sah", "Invalid request"),
    "problem.invalid-request": ("Permintaan tidak sah", "Invalid request"),
    "problem.unknown-region": ("Wilayah tidak dikenal", "Unknown region"),
    "problem.invalid-transition": ("Langkah tidak dapat dilakukan", "Step not possible now"),
    "problem.not-permitted": ("Tidak diizinkan", "Not permitted"),
    "problem.complaint-not-found": ("Laporan tidak ditemukan", "No such report"),
    "problem.concurrency-conflict": ("Laporan diubah pihak lain", "Changed by someone else"),
    "problem.idempotency-conflict": ("Kunci idempoten sudah dipakai", "Idempotency key already used"),
    "problem.unsupported-year": ("Tahun di luar kalender", "Year outside the calendar"),
    "problem.configuration": ("Konfigurasi salah", "Misconfigured server"),
    "problem.policy-invalid": ("Kebijakan tidak sah", "Invalid routing policy"),
    "problem.region-list-invalid": ("Daftar wilayah tidak sah", "Invalid region list"),
    "problem.history-tampered": ("Riwayat tidak utuh", "History does not verify"),
    "problem.delivery": ("Pengiriman gagal", "Delivery failed"),
    "problem.storage-unavailable": ("Penyimpanan tidak tersedia", "Storage unavailable; retry later"),
    "problem.clock-skew": ("Jam server tertinggal", "Server clock behind; retry later"),
    "problem.due-actions-failed": ("Tindakan terjadwal gagal", "Scheduled actions failed"),
    "problem.concurrency-detail": (
        "laporan diubah pihak lain; muat ulang lalu coba lagi",
        "the complaint was changed by someone else; reload and retry",
    ),
}

#: How each typed error reads (``sp4n.exceptions``): placeholders are the error's own attributes.
ERRORS: dict[str, tuple[str, str]] = {
    "error.rule": ("{field}: {rule}", "{field}: {rule}"),
    "error.invalid_transition": (
        "langkah «{action}» tidak dapat dilakukan pada laporan berstatus «{status}»",
        "cannot {action} a complaint that is {status}",
    ),
    "error.not_permitted": ("tidak diizinkan melakukan «{action}»: {rule}", "actor may not {action}: {rule}"),
    "error.not_found": ("tidak ada laporan {key!r}", "no complaint {key!r}"),
    "error.concurrency": (
        "laporan {complaint_id!r}: versi yang diharapkan {expected}, ditemukan {actual}",
        "complaint {complaint_id!r}: expected version {expected}, found {actual}",
    ),
    "error.clock_skew": (
        (
            "laporan {complaint_id!r}: jam ini tertinggal {behind:.3f} detik dari perubahan terakhirnya "
            "(toleransi {tolerance:g} detik); coba lagi nanti"
        ),
        (
            "complaint {complaint_id!r}: this clock is {behind:.3f} s behind its last change (tolerance "
            "{tolerance:g} s); retry later"
        ),
    ),
    "error.idempotency": (
        "kunci idempoten {key!r} sudah dipakai untuk permintaan lain",
        "idempotency key {key!r} was already used for a different request",
    ),
    "error.tampered": (
        "laporan {complaint_id!r} peristiwa {sequence}: {problem}",
        "complaint {complaint_id!r} event {sequence}: {problem}",
    ),
    "error.unsupported_year": (
        "tahun {year} di luar rentang kalender {first}-{last}",
        "year {year} is outside the calendar's supported range {first}-{last}",
    ),
    "error.due_failed": (
        "tindakan terjadwal gagal pada {count} laporan: {names}{more}",
        "due actions failed on {count} complaint(s): {names}{more}",
    ),
    "error.due_more": (" dan {count} lainnya", " and {count} more"),
    "error.policy_problem": (
        "aturan {rule!r} kolom {field}: {message}",
        "rule {rule!r} field {field}: {message}",
    ),
    "error.region_rows": ("{count} baris salah: {first}{more}", "{count} bad row(s): {first}{more}"),
    "error.region_row": ("baris {line}: {code!r} {problem}", "line {line}: {code!r} {problem}"),
    "error.region_more": (" (dan {count} lainnya)", " (and {count} more)"),
}

#: Steps that are not lifecycle actions, as a refusal names them (``NotPermitted("...", "read", ...)``).
VERBS: dict[str, tuple[str, str]] = {
    "verb.read": ("membaca laporan ini", "read"),
    "verb.read this": ("membaca ini", "read this"),
    "verb.list overdue": ("melihat daftar laporan terlambat", "list overdue"),
}

CLI: dict[str, tuple[str, str]] = {
    "cli.error": ("sp4n {command}: {message}", "sp4n {command}: {message}"),
    "cli.verify.checked": (
        "{complaints} laporan, {events} peristiwa diperiksa",
        "{complaints} complaints, {events} events checked",
    ),
    "cli.verify.since": (
        "dibandingkan dengan titik periksa pada posisi {position} ({count} peristiwa)",
        "against the checkpoint at position {position} ({count} events)",
    ),
    "cli.verify.failed": (
        "{count} temuan: isi penyimpanan tidak lolos audit",
        "{count} findings: the store does not verify",
    ),
    "cli.verify.ok": (
        "tidak ada temuan; titik periksa sekarang: {checkpoint}",
        "no findings; checkpoint now: {checkpoint}",
    ),
}

for _table in (NOTICES, SLA_EXPLANATION, PAGES, PROBLEM_TITLES, ERRORS, VERBS, CLI):
    register(_table)
