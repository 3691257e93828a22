"""The command line's help (``sp4n --help``, ``sp4n COMMAND --help``), Indonesian then English.

Every description and option help of every command is here, and the words argparse itself would print in
English (``usage:``, ``options:``), so that ``--help`` follows the same switch as the output.
"""

from __future__ import annotations

from sp4n.texts.core import register

__all__ = ["ARGPARSE", "HELP"]

_REGIONS = (
    "daftar kode resmi, CSV kode,nama (bawaan: daftar 2025 bawaan; - membaca stdin)",
    "official code list, CSV kode,nama (default: built-in 2025; - reads stdin)",
)
_JSON = ("cetak satu objek JSON", "print one JSON object")

#: argparse's own words (it reads them through gettext, which sp4n does not use).
ARGPARSE: dict[str, tuple[str, str]] = {
    "argparse.usage": ("cara pakai: ", "usage: "),
    "argparse.positionals": ("argumen posisi", "positional arguments"),
    "argparse.options": ("opsi", "options"),
    "argparse.help": ("tampilkan bantuan ini lalu keluar", "show this help message and exit"),
    "argparse.version": ("tampilkan versi lalu keluar", "show the version and exit"),
    "argparse.required": (
        "argumen wajib belum diisi: {names}",
        "the following arguments are required: {names}",
    ),
    "argparse.one_of": ("isi salah satu argumen {names}", "one of the arguments {names} is required"),
    "argparse.unknown": ("argumen tidak dikenal: {names}", "unrecognized arguments: {names}"),
    "argparse.argument": ("argumen {name}: {problem}", "argument {name}: {problem}"),
    "argparse.choice": (
        "pilihan {value} tidak sah (pilih dari {choices})",
        "invalid choice: {value} (choose from {choices})",
    ),
    "argparse.one_value": ("memerlukan satu nilai", "expected one argument"),
    "argparse.invalid": ("nilai {kind} tidak sah: {value}", "invalid {kind} value: {value}"),
    "argparse.not_with": ("tidak boleh bersama argumen {name}", "not allowed with argument {name}"),
    "argparse.range": ("harus 1-1000", "must be 1-1000"),
    "argparse.not_number": ("{value} bukan bilangan", "{value} is not a number"),
    "argparse.not_between": (
        "{value} tidak di antara 0 dan 10000000",
        "{value} is not between 0 and 10000000",
    ),
    "argparse.not_count": (
        "{value} bukan bilangan bulat 1 sampai 100000",
        "{value} is not a whole number from 1 to 100000",
    ),
}

HELP: dict[str, tuple[str, str]] = {
    "help.sp4n": (
        "Perangkat domain SP4N-LAPOR!: demo, batas waktu SLA, kalender, kebijakan perutean, audit.",
        "SP4N-LAPOR! domain tools: demo, SLA deadlines, calendars, routing policies, audit.",
    ),
    "help.commands": ("perintah:", "commands:"),
    "help.exit": (
        "status keluar: 0 beres; 1 ada temuan (galat check, perubahan diff, tanpa instansi,"
        " pengubahan riwayat); 2 masukan salah",
        "exit status: 0 ok; 1 findings (check errors, diff changes, no agency, tampering); 2 bad input",
    ),
    "help.lang": (
        "bahasa keluaran, bantuan dan pesan galat (id atau en; bawaan: SP4N_LANG, lalu id)",
        "language of output, help and error messages (id or en; default: SP4N_LANG, else id)",
    ),
    # sp4n demo
    "help.demo": (
        "simulasikan laporan wilayah percontohan melewati cuti Idul Fitri 2026 dan cetak hasil SLA",
        "simulate pilot-region complaints across the 2026 Idul Fitri leave and print SLA results",
    ),
    "help.demo.description": (
        "Menyiapkan enam wilayah percontohan LAPOR! dan pemerintahnya, mengajukan laporan selama beberapa "
        "minggu simulasi yang melintasi cuti Idul Fitri 2026, menjalankannya melalui siklus hidup dengan "
        "pewaktu SLA, lalu mencetak riwayat satu laporan, kepatuhan SLA per instansi, pelanggaran, dan "
        "pemberitahuan yang terkirim (pemberitahuan peristiwa melalui relai outbox, pengingat batas waktu, "
        "dan pemeriksaan privasi setiap pesan kepada instansi). Benih yang sama memberi jalannya yang sama.",
        "Seed the six LAPOR! pilot regions and their governments, file complaints over simulated weeks "
        "spanning the 2026 Idul Fitri leave, run them through the lifecycle with SLA timers, and print one "
        "complaint's timeline, SLA compliance per agency, the breaches, and the notifications sent (event "
        "notices through the outbox relay, deadline reminders, and a privacy check of every message to an "
        "agency). The same seed gives the same run.",
    ),
    "help.demo.db": (
        "berkas SQLite, dibuat ulang setiap kali (bawaan {default})",
        "SQLite file, recreated each run (default {default})",
    ),
    "help.demo.complaints": ("jumlah laporan yang diajukan (bawaan 300)", "complaints to file (default 300)"),
    "help.demo.seed": ("benih acak (bawaan 2026)", "random seed (default 2026)"),
    # sp4n sla deadline, sp4n calendar
    "help.sla": (
        "batas waktu menurut hukum dalam hari kerja Indonesia",
        "legal time limits in Indonesian working days",
    ),
    "help.sla.deadline": (
        "batas waktu N hari kerja atau hari kalender sesudah suatu waktu",
        "the deadline N working or calendar days after an instant",
    ),
    "help.sla.from": ("waktu ISO 8601 dengan selisih zona", "ISO 8601 instant with offset"),
    "help.sla.working_days": ("jumlah hari kerja", "number of working days"),
    "help.sla.calendar_days": ("jumlah hari kalender", "number of calendar days"),
    "help.sla.region": (
        "kode wilayah Kemendagri; zona waktu mengikuti provinsi",
        "Kemendagri region code; the zone follows the province",
    ),
    "help.sla.regions": (
        "periksa --region terhadap CSV kode,nama ini (- membaca stdin)",
        "check --region against this kode,nama CSV (- reads stdin)",
    ),
    "help.sla.cutoff": (
        "sesudah jam kerja dihitung mulai hari berikutnya",
        "after office hours counts from the next day",
    ),
    "help.sla.lang": ("bahasa keluaran teks", "language of the text output"),
    "help.calendar": (
        "hari libur suatu tahun (libur nasional, cuti bersama)",
        "a year's non-working days (libur nasional, cuti bersama)",
    ),
    "help.calendar.year": ("tahun kalender", "the calendar year"),
    "help.overrides": (
        "penyesuaian kalender dalam JSON (add/remove; - membaca stdin)",
        "JSON calendar overrides (add/remove; - reads stdin)",
    ),
    "help.json": _JSON,
    # sp4n policy, sp4n region
    "help.policy": (
        "periksa, bandingkan dan jelaskan kebijakan perutean",
        "check, diff and explain routing policies",
    ),
    "help.policy.check": (
        "celah cakupan, seri, instansi tak dikenal, aturan tertutup, …",
        "coverage gaps, ties, unknown agencies, shadowed rules, …",
    ),
    "help.policy.file": (
        "berkas kebijakan (.toml, .yaml, .json; - membaca stdin)",
        "policy file (.toml, .yaml, .json; - reads stdin)",
    ),
    "help.policy.diff": (
        "pasangan (kategori, wilayah) yang instansinya berubah",
        "(category, region) pairs whose agency changes",
    ),
    "help.policy.old": ("kebijakan lama", "the old policy"),
    "help.policy.new": ("kebijakan baru", "the new policy"),
    "help.policy.explain": (
        "keputusan untuk satu kategori dan wilayah, dan mengapa yang lain kalah",
        "the decision for one category and region, and why others lost",
    ),
    "help.policy.category": ("kategori laporan", "the complaint category"),
    "help.policy.region": (
        "kode Kemendagri, titik boleh ditulis atau tidak",
        "Kemendagri code, dots optional",
    ),
    "help.policy.type": ("jenis laporan", "the complaint type"),
    "help.policy.channel": ("kanal masuk laporan", "the channel the complaint came in through"),
    "help.policy.declined": (
        "id instansi yang sudah menyatakan bukan wewenang",
        "agency ids that already said bukan wewenang",
    ),
    "help.regions": _REGIONS,
    "help.region": (
        "cari, jelajahi, telusuri dan migrasikan kode wilayah Kemendagri",
        "look up, browse, search and migrate Kemendagri region codes",
    ),
    "help.region.code": ("mis. 34.04 atau 3404012001", "e.g. 34.04 or 3404012001"),
    "help.region.children": ("wilayah satu tingkat di bawahnya", "regions one level below"),
    "help.region.search": (
        "wilayah menurut nama (huruf besar/kecil dan diakritik bebas)",
        "regions by name (any case, no diacritics needed)",
    ),
    "help.region.migrate": (
        "ke mana kode 2022 berpindah dalam daftar 2025",
        "where a 2022 code went in the 2025 list",
    ),
    "help.region.limit": ("hasil pencarian terbanyak (bawaan 10)", "most search results (default 10)"),
    "help.region.within": ("cari hanya di dalam wilayah ini", "search inside this region only"),
    "help.region.level": ("cari satu tingkat saja", "search one level only"),
    "help.region.dataset": ("daftar bawaan (bawaan 2025)", "built-in list (default 2025)"),
    # sp4n db
    "help.db": (
        "tabel sp4n: naikkan versi, tampilkan versi, cetak DDL",
        "sp4n's tables: upgrade, show the version, print the DDL",
    ),
    "help.db.upgrade": (
        "bawa tabel ke versi pustaka ini (aman diulang)",
        "bring the tables to this library's version (idempotent)",
    ),
    "help.db.current": (
        "versi tabel saat ini (keluar 1 bila tertinggal)",
        "the version the tables are at (exit 1 when behind)",
    ),
    "help.db.sql": (
        "cetak DDL untuk basis data URL, tanpa menyambung",
        "print the DDL for the URL's database, without connecting",
    ),
    "help.db.url": (
        "sqlite:///berkas, postgresql://..., mariadb://...",
        "sqlite:///file, postgresql://..., mariadb://...",
    ),
    "help.db.prefix": ("awalan nama tabel (bawaan sp4n_)", "table name prefix (default sp4n_)"),
    "help.db.schema": (
        "skema PostgreSQL / basis data MariaDB tempat tabel",
        "PostgreSQL schema / MariaDB database of the tables",
    ),
    "help.db.from_version": (
        "hanya yang masih diperlukan penyimpanan pada versi N",
        "only what a store at version N still needs",
    ),
    # sp4n verify
    "help.verify": (
        "periksa penyimpanan dari pengubahan: rantai hash, baris status, titik periksa yang diterbitkan",
        "check a store for tampering: hash chains, state rows, a published checkpoint",
    ),
    "help.verify.description": (
        "Membaca setiap baris status dan setiap peristiwa penyimpanan di URL, lalu memeriksa hash setiap "
        "peristiwa atas teks tersimpannya dan hash sebelumnya, tautan setiap riwayat dari nilai awal dan "
        "penomorannya, setiap baris status terhadap putar ulang riwayatnya (versi, hash terakhir, setiap "
        "kolom), dan, dengan --checkpoint, ringkasan berjalan log hingga titik periksa. Mencetak laporan; "
        "keluar 1 bila ada temuan.",
        "Read every state row and every event of the store at URL and check each event's hash over its "
        "stored text and the previous hash, each history's links from the genesis value and its numbering, "
        "each state row against the replay of its history (version, last hash, every field and indexed "
        "column), and, with --checkpoint, the running digest of the log up to the checkpoint. Prints a "
        "report; exits 1 on any finding.",
    ),
    "help.verify.url": (
        "sqlite:///path, postgresql://..., mysql://...",
        "sqlite:///path, postgresql://..., mysql://...",
    ),
    "help.verify.checkpoint": ("titik periksa yang diterbitkan sebelumnya", "a checkpoint published earlier"),
    "help.verify.write": (
        "bila penyimpanan lolos, tulis titik periksanya",
        "when the store verifies, write its checkpoint",
    ),
    "help.verify.json": (
        "cetak laporan sebagai JSON (laporan, peristiwa, temuan, titik periksa)",
        "print the report as JSON (complaints, events, findings, checkpoint)",
    ),
    # sp4n serve
    "help.serve": (
        "layani API ala LAPOR!, Open311 GeoReport v2 dan halaman pelacakan melalui HTTP",
        "serve the LAPOR!-style API, Open311 GeoReport v2 and the tracking pages over HTTP",
    ),
    "help.serve.description": (
        "Menjalankan perangkat web dengan uvicorn atas basis data di URL (sqlite:///berkas, "
        "postgresql://..., mysql://...). Sesudah `sp4n demo`, `sp4n serve --url sqlite:///sp4n-demo.sqlite` "
        "menampilkan laporan demo di /lacak/<nomor pelacakan>, /api/v1/complaints dan "
        "/open311/v2/requests.json. Memerlukan tambahan web: pip install 'sp4n[web]'.",
        "Run the web kit with uvicorn over the database at URL (sqlite:///file, postgresql://..., "
        "mysql://...). After `sp4n demo`, `sp4n serve --url sqlite:///sp4n-demo.sqlite` shows the demo's "
        "complaints at /lacak/<tracking number>, /api/v1/complaints and /open311/v2/requests.json. "
        "Needs the web extra: pip install 'sp4n[web]'.",
    ),
    "help.serve.url": (
        "URL basis data (jalur biasa berarti berkas SQLite)",
        "database URL (a bare path is a SQLite file)",
    ),
    "help.serve.host": (
        "alamat yang didengarkan (bawaan 127.0.0.1)",
        "address to listen on (default 127.0.0.1)",
    ),
    "help.serve.port": ("porta (bawaan 8311)", "port (default 8311)"),
    "help.serve.policy": (
        "berkas kebijakan perutean (TOML, YAML, JSON): kategorinya menjadi layanan Open311 dan ia merutekan "
        "laporan baru",
        "routing policy file (TOML, YAML, JSON): its categories are the Open311 services and it routes new "
        "reports",
    ),
    "help.serve.key": (
        "api_key Open311 yang diterima untuk permintaan POST",
        "an Open311 api_key accepted for POST requests",
    ),
    "cli.serve.listening": (
        "sp4n serve: http://{host}:{port}/ (API /api/v1, Open311 /open311/v2, halaman /lacak)",
        "sp4n serve: http://{host}:{port}/ (API /api/v1, Open311 /open311/v2, pages /lacak)",
    ),
    # sp4n relay, sp4n timers
    "help.relay": (
        "kirim peristiwa yang tercatat ke e-mail, webhook dan SMS sampai dihentikan",
        "deliver committed events to e-mail, webhooks and SMS until stopped",
    ),
    "help.relay.directory": (
        "penerima dalam JSON (instansi, unit, ...)",
        "JSON recipients (agencies, units, ...)",
    ),
    "help.relay.webhook": (
        "POST pesan kanal webhook ke sini ('address': URL setiap penerima); SP4N_WEBHOOK_SECRET",
        "POST webhook-channel messages here ('address': each recipient's URL); SP4N_WEBHOOK_SECRET",
    ),
    "help.relay.smtp": (
        "kirim pesan kanal e-mail melalui server ini",
        "send e-mail-channel messages through this server",
    ),
    "help.relay.mail_from": ("alamat pengirim", "the From address"),
    "help.relay.smtp_user": (
        "masuk (kata sandi di SP4N_SMTP_PASSWORD)",
        "log in (password in SP4N_SMTP_PASSWORD)",
    ),
    "help.relay.starttls": ("STARTTLS sebelum mengirim", "STARTTLS before sending"),
    "help.relay.sms": (
        "kirim pesan kanal SMS ke sini (SP4N_SMS_TOKEN)",
        "send SMS-channel messages here (SP4N_SMS_TOKEN)",
    ),
    "help.relay.window": (
        "berapa lama pesan dicoba ulang sebelum masuk surat mati (bawaan 24)",
        "how long a message is retried before it is dead-lettered (default 24)",
    ),
    "help.relay.lease": ("masa pinjam klaim SQLite (bawaan 120)", "SQLite claim lease (default 120)"),
    "help.timers": (
        "jalankan tindakan SLA yang jatuh tempo (pelanggaran, tutup otomatis) sampai dihentikan",
        "apply due SLA actions (breaches, auto-close) until stopped",
    ),
    "help.timers.every": ("detik di antara putaran", "seconds between runs"),
    "help.workers.url": (
        "basis data layanan (sqlite:///path, postgresql://...)",
        "the service's database (sqlite:///path, postgresql://...)",
    ),
    "help.workers.batch": ("butir per klaim (bawaan 100)", "items per claim (default 100)"),
    "help.workers.json": ("baris kesehatan sebagai objek JSON", "health lines as JSON objects"),
    "help.workers.health": (
        "detik di antara baris kesehatan (bawaan 60)",
        "seconds between health lines (default 60)",
    ),
}

for _table in (ARGPARSE, HELP):
    register(_table)
