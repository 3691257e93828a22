"""What the command line prints for people (``sp4n policy``, ``region``, ``db``) and the demo report's words,
Indonesian then English. ``--json`` output keeps its English keys in every language: scripts read it.
"""

from __future__ import annotations

from sp4n.texts.core import register

__all__ = ["DEMO", "OUTPUT"]

OUTPUT: dict[str, tuple[str, str]] = {
    "cli.severity.error": ("galat", "error"),
    "cli.severity.warning": ("peringatan", "warning"),
    "cli.policy.summary": (
        "{source}: {errors} galat, {warnings} peringatan atas {categories} kategori × {villages} desa"
        " (data {version})",
        "{source}: {errors} error(s), {warnings} warning(s) over {categories} categories"
        " × {villages} villages (dataset {version})",
    ),
    "cli.policy.everywhere": ("di mana saja", "everywhere"),
    "cli.policy.no_rule": ("(tanpa aturan)", "(no rule)"),
    "cli.policy.changes": (
        "{count} perubahan dari {old} ke {new}",
        "{count} change(s) from {old} to {new}",
    ),
    "cli.policy.because": ("  karena {explanation}", "  because {explanation}"),
    "cli.policy.basis": ("  dasar: {basis}", "  basis: {basis}"),
    "cli.policy.unresolved": ("→ tidak terselesaikan: {reason}", "→ unresolved: {reason}"),
    "cli.policy.not": ("  bukan {line}", "  not {line}"),
    "cli.region.show": (
        "{code} {name} [{level}] di {chain}; {timezone} ({zone}); data {version}",
        "{code} {name} [{level}] in {chain}; {timezone} ({zone}); dataset {version}",
    ),
    "cli.region.nowhere": ("(tidak ada; terdekat {nearest})", "(none; nearest {nearest})"),
    "cli.region.none": ("tidak ada", "none"),
    "cli.region.migrated": ("{old} (2022) → {where} (2025): {kind}", "{old} (2022) → {where} (2025): {kind}"),
    "cli.change.unchanged": ("tidak berubah", "unchanged"),
    "cli.change.renamed": ("berganti nama", "renamed"),
    "cli.change.recoded": ("berganti kode", "recoded"),
    "cli.change.divided": ("dimekarkan", "divided"),
    "cli.change.removed": ("dihapus", "removed"),
    "cli.db.at": ("{tables}* pada versi {found} ({state})", "{tables}* at version {found} ({state})"),
    "cli.db.current": ("mutakhir", "up to date"),
    "cli.db.behind": (
        "sp4n ini memerlukan {required}: jalankan sp4n db upgrade",
        "this sp4n needs {required}: run sp4n db upgrade",
    ),
}

#: The demo's report (``sp4n demo``): headings, column heads and the lines between them.
DEMO: dict[str, tuple[str, str]] = {
    "demo.head": (
        "sp4n demo · benih {seed} · {complaints} laporan · basis data {db}",
        "sp4n demo · seed {seed} · {complaints} complaints · database {db}",
    ),
    "demo.pilots": ("Pemerintah daerah percontohan: {names}", "Pilot regional governments: {names}"),
    "demo.period": (
        "Pelaporan dari 2 Maret sampai 10 April 2026, melintasi cuti Idul Fitri (16-24 Maret 2026).",
        "Filing from 2 March to 10 April 2026, across the Idul Fitri leave (16-24 March 2026).",
    ),
    "demo.stored": (
        "Tersimpan {complaints} laporan dan {events} peristiwa; {timer_events} ditulis oleh pewaktu;"
        " {retries} SMS kiriman ulang dijawab dari hasil pertama ({replayed} diputar ulang, 0 ganda).",
        "Stored {complaints} complaints and {events} events; {timer_events} written by timers; {retries} SMS"
        " retries answered from the first result ({replayed} replayed, 0 duplicates).",
    ),
    "demo.history_check": (
        "Pemeriksaan riwayat: {good}/{total} laporan lolos.",
        "History check: {good}/{total} complaints verify.",
    ),
    "demo.timeline": ("== 1. Riwayat laporan {tracking} ==", "== 1. Timeline of complaint {tracking} =="),
    "demo.clocks": ("  Pewaktu SLA:", "  SLA clocks:"),
    "demo.due": ("batas {due}", "due {due}"),
    "demo.overdue": ("terlambat {duration}", "overdue by {duration}"),
    "demo.counted": (
        "  Cara batas waktu verifikasi dihitung:",
        "  How the verification deadline was counted:",
    ),
    "demo.anonymous_intake": (
        "masukan anonim (tanpa identitas)",
        "anonymous intake (no identity given)",
    ),
    "demo.masked": ("(disamarkan)", "(masked)"),
    "demo.summary": (
        "  {type} · {category} · wilayah {region} · melalui {channel}{flags}\n  Pelapor: {who}\n"
        "  Sekarang: {status}",
        "  {type} · {category} · region {region} · via {channel}{flags}\n  Reporter: {who}\n  Now: {status}",
    ),
    "demo.compliance": (
        "== 2. Kepatuhan SLA per instansi (tindak lanjut dalam 5 hari kerja) ==",
        "== 2. SLA compliance per agency (follow-up within 5 working days) ==",
    ),
    "demo.columns": (
        "instansi|laporan|tindak lanjut ≤ 5 hk|pelanggaran|selesai|otomatis",
        "agency|cases|follow-up ≤ 5 wd|breaches|closed|auto",
    ),
    "demo.national": (
        "  Admin nasional: diverifikasi/diarsipkan dalam 3 hari kerja: {good}/{total} ({rate:.1f}%)",
        "  National admin: verified/archived within 3 working days: {good}/{total} ({rate:.1f}%)",
    ),
    "demo.late": ("{action} terlambat {duration}", "{action} {duration} late"),
    "demo.never": ("belum dilakukan sampai akhir simulasi", "not done by the end of the run"),
    "demo.breaches": ("== 3. Pelanggaran: {count} ({summary}) ==", "== 3. Breaches: {count} ({summary}) =="),
    "demo.none": ("tidak ada", "none"),
    "demo.national_admin": ("Admin nasional", "National admin"),
    "demo.more": ("  … dan {count} lainnya", "  … and {count} more"),
    "demo.notifications": ("== 4. Pemberitahuan ==", "== 4. Notifications =="),
    "demo.relay": (
        "  Relai outbox: {events} peristiwa → {delivered} pesan ({per_channel}), {dead} surat mati.",
        "  Outbox relay: {events} events → {delivered} messages ({per_channel}), {dead} dead letters.",
    ),
    "demo.reminders": (
        "  Pengingat pukul 00.00 WIB setiap hari kerja ({runs} putaran): {count} pesan.",
        "  Reminder runner at 00:00 WIB of each working day ({runs} runs): {count} messages.",
    ),
    "demo.table": ("jenis|penerima|templat", "kind|audience|template"),
    "demo.notice": ("peristiwa", "notice"),
    "demo.reminder": ("pengingat", "reminder"),
    "demo.no_sms": (
        "  Contoh SMS kepada pelapor: tidak ada yang terkirim",
        "  Sample SMS to a reporter: none sent",
    ),
    "demo.sms": (
        "  Contoh SMS kepada pelapor ({template}; {parts} {part}, {encoding}, {length} karakter):",
        "  Sample SMS to a reporter ({template}; {parts} {part}, {encoding}, {length} characters):",
    ),
    "demo.part": ("bagian", "part"),
    "demo.parts": ("bagian", "parts"),
    "demo.no_email": (
        "  Contoh e-mail kepada admin instansi: tidak ada yang terkirim",
        "  Sample e-mail to an agency admin: none sent",
    ),
    "demo.email": (
        "  Contoh e-mail kepada admin instansi ({template}{flag}):",
        "  Sample e-mail to an agency admin ({template}{flag}):",
    ),
    "demo.anonim_report": (", laporan anonim", ", anonim report"),
    "demo.subject": ("    Perihal: {subject}", "    Subject: {subject}"),
    "demo.privacy": (
        "  Privasi: {others} pesan kepada instansi/pejabat: {leaks} memuat nama, NIK, telepon atau e-mail"
        " pelapor anonim{verdict}",
        "  Privacy: {others} messages to agencies/officials: {leaks} carry an anonymous reporter's name, NIK,"
        " phone or e-mail{verdict}",
    ),
    "demo.failure": (" — GAGAL: aturan anonim dilanggar", " — FAILURE: the anonim rule was broken"),
    "demo.checked": (
        "    (diperiksa terhadap {count} identitas pelapor anonim yang disimpan)",
        "    (checked against the {count} anonim reporters' identities the store holds)",
    ),
    "demo.leak": (
        "    BOCOR: pesan {message} kepada {audience} tentang {tracking} memuat {kind} pelapor",
        "    LEAK: message {message} to {audience} about {tracking} carries the reporter's {kind}",
    ),
}

for _table in (OUTPUT, DEMO):
    register(_table)
