"""Problems of configuration, adapters, stores, history audits and the command line in Bahasa Indonesia, keyed
by their English wording (placeholders unfilled), as :mod:`sp4n.texts.rules` keys the rules of input.

These reach an operator rather than a citizen (``sp4n`` on the command line, a host's log), but they follow
the same switch: one mechanism for every text. Names of code, files and options stay as written.
"""

from __future__ import annotations

from sp4n.texts.core import register

__all__ = ["CONFIG_RULES", "HISTORY_RULES"]

#: Files, options and adapters set up wrongly (``ConfigurationError``, ``StorageUnavailable``,
#: ``DeliveryError``).
CONFIG_RULES: dict[str, str] = {
    "this store cannot mask texts (use an sp4n store)": (
        "penyimpanan ini tidak dapat menyamarkan teks (pakai penyimpanan sp4n)"
    ),
    # the command line and the files it reads
    "cannot read the {what}: not a usable file name": (
        "{what} tidak dapat dibaca: nama berkas tidak dapat dipakai"
    ),
    "needs the web extra: pip install 'sp4n[web]'": "memerlukan tambahan web: pip install 'sp4n[web]'",
    "an overrides file may not exceed 1 MiB": "berkas penyesuaian tidak boleh lebih dari 1 MiB",
    "cannot read overrides: {error}": "penyesuaian tidak dapat dibaca: {error}",
    "recipients must be a list of objects": "penerima harus berupa daftar objek",
    "expected an object with agencies, units, national, ombudsman, public": (
        "diharapkan objek dengan agencies, units, national, ombudsman, public"
    ),
    "agencies and units map ids to lists of recipients": "agencies dan units memetakan id ke daftar penerima",
    "a unit key is 'agency/unit'": "kunci unit berbentuk 'agency/unit'",
    "a recipient is an object of short strings": "penerima adalah objek berisi teks pendek",
    "the directory file is larger than 4 MiB": "berkas direktori lebih besar dari 4 MiB",
    "cannot read the directory: {error}": "direktori tidak dapat dibaca: {error}",
    "give HOST or HOST:PORT": "isi HOST atau HOST:PORT",
    "bad recipient: {error}": "penerima tidak sah: {error}",
    "a policy file must end in .toml, .yaml, .yml or .json": (
        "berkas kebijakan harus berakhiran .toml, .yaml, .yml atau .json"
    ),
    "the policy must be a table/mapping at the top level": (
        "kebijakan harus berupa tabel/pemetaan di tingkat atas"
    ),
    "a policy file may not exceed {limit} bytes": "berkas kebijakan tidak boleh lebih dari {limit} bita",
    "cannot read the policy: {kind}: {error}": "kebijakan tidak dapat dibaca: {kind}: {error}",
    "cannot read the policy: neither TOML, YAML nor JSON": (
        "kebijakan tidak dapat dibaca: bukan TOML, YAML, maupun JSON"
    ),
    "a region list may not exceed {limit} bytes": "daftar wilayah tidak boleh lebih dari {limit} bita",
    "cannot read the region list: {problem}": "daftar wilayah tidak dapat dibaca: {problem}",
    "cannot read the policy: {problem}": "kebijakan tidak dapat dibaca: {problem}",
    "no such file": "berkas tidak ada",
    # the files the command line reads, as a message names them ({what})
    "overrides": "berkas penyesuaian",
    "region list": "daftar wilayah",
    "permission denied": "akses ditolak",
    "is a folder, not a file": "berupa folder, bukan berkas",
    "a folder in the path is a file": "salah satu folder dalam jalurnya adalah berkas",
    "the name is too long": "namanya terlalu panjang",
    "cannot read the {what}: {problem}": "{what} tidak dapat dibaca: {problem}",
    "cannot read {name}: {problem}": "{name} tidak dapat dibaca: {problem}",
    "must be dot-separated tokens without wildcards": "harus token yang dipisah titik tanpa wildcard",
    # delivery
    "HTTP {status}": "status HTTP {status}",
    "{scheme}:// is not http:// or https://": "{scheme}:// bukan http:// atau https://",
    "network error: {error}": "galat jaringan: {error}",
    "recipient refused": "penerima menolak",
    "SMTP {smtp_code}": "kode SMTP {smtp_code}",
    "SMTP failure: {error}": "kegagalan SMTP: {error}",
    "text needs more than {max_parts} SMS parts": "teks memerlukan lebih dari {max_parts} bagian SMS",
    "a webhook needs a non-empty signing secret": (
        "webhook memerlukan rahasia penandatanganan yang tidak kosong"
    ),
    "nats: {count} of {total} not stored ({error})": "nats: {count} dari {total} tidak tersimpan ({error})",
    "nats: {error}": "nats: galat {error}",
    "rabbitmq: {error}": "rabbitmq: galat {error}",
    "recording notifier told to fail": "pencatat pemberitahuan diminta gagal",
    "recording publisher: told to fail": "penerbit pencatat: diminta gagal",
    # stores
    "no connection came free within {timeout} s": "tidak ada sambungan yang bebas dalam {timeout} detik",
    "{prefix!r} must match {pattern}": "{prefix!r} harus cocok dengan {pattern}",
    "{schema!r} must match {pattern}": "{schema!r} harus cocok dengan {pattern}",
    "database is at version {current}, newer than this sp4n ({required})": (
        "basis data pada versi {current}, lebih baru dari sp4n ini ({required})"
    ),
    "already inside `with`; units of work do not nest": "sudah di dalam `with`; unit kerja tidak bersarang",
    "use it inside `with uow:`": "pakai di dalam `with uow:`",
    "connection lost in {what}; nothing was committed": (
        "sambungan putus saat {what}; tidak ada yang disimpan"
    ),
    "the host's connection is not lent to side stores": (
        "sambungan milik host tidak dipinjamkan ke penyimpanan lain"
    ),
    "migrate outside a `with` block": "jalankan migrasi di luar blok `with`",
    "cannot connect: {error}": "tidak dapat menyambung: {error}",
    "connection lost during COMMIT, outcome unknown: {error}": (
        "sambungan putus saat COMMIT, hasilnya tidak diketahui: {error}"
    ),
    (
        "tables {tables}* are at version {found}, this sp4n needs {required}: run `sp4n db upgrade --url "
        "URL` (or include its migrations in yours; see docs/adapters.md)"
    ): (
        "tabel {tables}* pada versi {found}, sp4n ini memerlukan {required}: jalankan `sp4n db upgrade --url "
        "URL` (atau sertakan migrasinya dalam migrasi Anda; lihat docs/adapters.md)"
    ),
    "sp4n runs no DDL in the host's transaction: run `sp4n db upgrade`": (
        "sp4n tidak menjalankan DDL dalam transaksi host: jalankan `sp4n db upgrade`"
    ),
    "{error} is not a sqlite3, psycopg 3 or PyMySQL connection": (
        "{error} bukan sambungan sqlite3, psycopg 3 atau PyMySQL"
    ),
    "use Django's connection inside transaction.atomic()": (
        "pakai sambungan Django di dalam transaction.atomic()"
    ),
    "SQLite has no schemas: use a prefix": "SQLite tidak punya skema: pakai awalan",
    "the host's connection is in autocommit mode: every statement would commit alone": (
        "sambungan host dalam mode autocommit: setiap pernyataan akan tersimpan sendiri-sendiri"
    ),
    "another upgrade of {tables}* held the lock for {seconds} s": (
        "peningkatan lain atas {tables}* memegang kunci selama {seconds} detik"
    ),
    "writes need an active unit of work (`with uow:`)": (
        "penulisan memerlukan unit kerja yang aktif (`with uow:`)"
    ),
    (
        "the host's connection is in autocommit mode with no transaction open: use it inside `with "
        "conn.transaction():`"
    ): (
        "sambungan host dalam mode autocommit tanpa transaksi terbuka: pakai di dalam "
        "`with conn.transaction():`"
    ),
    "{synchronous!r} is not one of {allowed}": "{synchronous!r} bukan salah satu dari {allowed}",
    "{value!r} is not a positive number of pages": "{value!r} bukan jumlah halaman yang positif",
    "cannot open SQLite database: {error}": "basis data SQLite tidak dapat dibuka: {error}",
    "unsupported scheme {scheme!r} (sqlite, postgresql, mysql, mariadb)": (
        "skema URL {scheme!r} tidak didukung (sqlite, postgresql, mysql, mariadb)"
    ),
    "unsupported scheme {scheme!r} (postgresql:// or mysql://)": (
        "skema URL {scheme!r} tidak didukung (postgresql:// atau mysql://)"
    ),
    "SQLite has no schemas: use a prefix or another file": (
        "SQLite tidak punya skema: pakai awalan atau berkas lain"
    ),
    "no SQLite database at {path}": "tidak ada basis data SQLite di {path}",
    # the service, its workers and calendars
    "no AttachmentStore was given to create_service": "create_service tidak diberi AttachmentStore",
    "a checkpoint is checked against an AuditSource store's rows": (
        "titik periksa diperiksa terhadap baris penyimpanan AuditSource"
    ),
    "names must be unique (each keys a cursor)": "nama harus unik (masing-masing menjadi kunci kursor)",
    "must be at least 1": "paling sedikit 1",
    "no subscription named {name!r}": "tidak ada langganan bernama {name!r}",
    "give a collection of channel names, not one string": "isi kumpulan nama kanal, bukan satu teks",
    "the delivery window must be positive": "jendela pengiriman harus positif",
    "unknown kind(s) {names}; use {known}": "jenis tidak dikenal {names}; pakai {known}",
    "a stream needs a name (it keys the cursor)": "aliran memerlukan nama (menjadi kunci kursor)",
    "no unused tracking number in {count} attempts": (
        "tidak ada nomor pelacakan yang belum dipakai dalam {count} percobaan"
    ),
    "the zone changes its UTC offset; the batch path needs a fixed one": (
        "zona ini mengubah selisih UTC-nya; jalur kelompok memerlukan selisih tetap"
    ),
    "two rules share a clock name": "dua aturan memakai nama pewaktu yang sama",
    "unknown clock(s): {names}": "pewaktu tidak dikenal: {names}",
    "need five (open, close) minute pairs, open before close": (
        "perlu lima pasang menit (buka, tutup), buka sebelum tutup"
    ),
    "unknown clock {clock!r}": "pewaktu {clock!r} tidak dikenal",
    "cannot read {text!r} (want HH:MM-HH:MM)": "{text!r} tidak dapat dibaca (seharusnya HH:MM-HH:MM)",
    "first year {first} is after last year {last}": "tahun pertama {first} sesudah tahun terakhir {last}",
    "every calendar override must cite its source": "setiap penyesuaian kalender harus menyebut sumbernya",
    "an SKB year must cite its decree": "tahun SKB harus menyebut keputusannya",
    "expected a mapping with only the keys 'add', 'remove' and 'skb'": (
        "diharapkan pemetaan dengan kunci 'add', 'remove' dan 'skb' saja"
    ),
    "{date} is outside the years {first}-{last}": "{date} di luar tahun {first}-{last}",
    "SKB {year} must list dates of {year}, within {first}-{last}": (
        "SKB {year} harus memuat tanggal tahun {year}, dalam {first}-{last}"
    ),
    "bad override entry: {error}": "entri penyesuaian tidak sah: {error}",
    "malformed $placeholder": "$placeholder salah bentuk",
    "unknown placeholder(s) {names}": "placeholder tidak dikenal {names}",
    "no such template": "templat tidak ada",
    "a ManualClock never runs backwards": "ManualClock tidak pernah berjalan mundur",
}

#: Why a stored history does not verify (``HistoryTampered``: ``sp4n verify``, the audit, replays).
HISTORY_RULES: dict[str, str] = {
    "a history must start with the submit event": "riwayat harus diawali peristiwa penyampaian laporan",
    "event belongs to complaint {complaint_id!r}": "peristiwa milik laporan {complaint_id!r}",
    "expected sequence {sequence}": "diharapkan urutan {sequence}",
    "from_status is not {status}": "from_status bukan {status}",
    "history has {count} events, version {version} (tail cut or version edited)": (
        "riwayat memuat {count} peristiwa, versi {version} (ekor dipotong atau versi diubah)"
    ),
    "history has {count} events, version {version}": "riwayat memuat {count} peristiwa, versi {version}",
    (
        "the log up to position {position} no longer matches the checkpoint ({count} events, {then} at the "
        "checkpoint): events deleted or rewritten"
    ): (
        "log hingga posisi {position} tidak lagi cocok dengan titik periksa ({count} peristiwa, {then} pada "
        "titik periksa): peristiwa dihapus atau ditulis ulang"
    ),
    "last_hash is not the hash of the last event": "last_hash bukan hash peristiwa terakhir",
    "state row differs from the replay of its history in {fields}": (
        "baris status berbeda dari putar ulang riwayatnya pada {fields}"
    ),
    "the complaint has no events (history deleted)": "laporan tidak punya peristiwa (riwayat dihapus)",
    "the checkpoint is not a checkpoint's JSON": "titik periksa bukan JSON titik periksa",
    "events exist but the complaint does not": "peristiwa ada tetapi laporannya tidak",
    "history does not replay: {error}": "riwayat tidak dapat diputar ulang: {error}",
    "sequence {sequence} where {expected} was expected (deleted or reordered)": (
        "urutan {sequence} padahal diharapkan {expected} (dihapus atau diubah urutannya)"
    ),
    "position is not after the previous event's (reordered)": (
        "posisi tidak sesudah posisi peristiwa sebelumnya (diubah urutannya)"
    ),
    "prev_hash does not link to the previous event (deleted or reordered)": (
        "prev_hash tidak tertaut ke peristiwa sebelumnya (dihapus atau diubah urutannya)"
    ),
    "hash does not match the event (edited)": "hash tidak cocok dengan peristiwa (diubah)",
    "event of another complaint in this history": "peristiwa laporan lain dalam riwayat ini",
    "event data is unreadable (edited)": "data peristiwa tidak terbaca (diubah)",
    "event data is not the canonical form of an event (edited)": (
        "data peristiwa bukan bentuk baku sebuah peristiwa (diubah)"
    ),
    "event columns differ from the event's data (edited)": "kolom peristiwa berbeda dari datanya (diubah)",
    "{field} is sealed but missing (edited)": "{field} bersegel tetapi hilang (diubah)",
    "{field} was redacted but the original is back (edited)": (
        "{field} sudah disamarkan tetapi teks aslinya kembali (diubah)"
    ),
    "{field} does not match its seal (edited)": "{field} tidak cocok dengan segelnya (diubah)",
    "{field} does not match its redaction (edited)": "{field} tidak cocok dengan penyamarannya (diubah)",
    "unknown chain format": "format rantai tidak dikenal",
    "a text and its seal do not pair up": "teks dan segelnya tidak berpasangan",
    "a text without a seal": "teks tanpa segel",
}

for _table in (CONFIG_RULES, HISTORY_RULES):
    register({english: (indonesian, english) for english, indonesian in _table.items()}, rules=True)
