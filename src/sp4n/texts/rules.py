"""Rules of typed errors in Bahasa Indonesia, keyed by their English wording (placeholders unfilled).

An error keeps its rule in English (``err.rule``: stable, what logs, tests and the wire's ``rule`` field
carry) and reads in the current language through this table. A rule missing here reads in English; the
permission rules of every action and the rules of the input fields citizens fill in are all here (a test
checks both).
"""

from __future__ import annotations

from collections.abc import Mapping

from sp4n.texts.core import Phrase, placeholders, register

__all__ = ["FIELD_RULES", "PERMISSION_RULES", "PYDANTIC_RULES", "TRANSITION_RULES", "pydantic_rule"]

#: Who may take each step (``sp4n.lifecycle.access``), and the web kit's own refusals.
PERMISSION_RULES: dict[str, str] = {
    "only the national admin may verify and forward a complaint": (
        "hanya admin nasional yang boleh memverifikasi dan meneruskan laporan"
    ),
    "only the national admin may reroute a complaint": (
        "hanya admin nasional yang boleh meneruskan ulang laporan"
    ),
    "only the national admin may overrule a decline (back to the agency that declined)": (
        "hanya admin nasional yang boleh membatalkan bukan wewenang (kembali ke instansi yang menolak)"
    ),
    "only the national admin may archive a duplicate": (
        "hanya admin nasional yang boleh mengarsipkan duplikat"
    ),
    "only the national admin may add a co-handling agency": (
        "hanya admin nasional yang boleh menambah instansi pendamping"
    ),
    "only a co-handling agency's admin or officer may contribute": (
        "hanya admin atau petugas instansi pendamping yang boleh berkontribusi"
    ),
    "only an officer of a unit the complaint was disposed to may hand it back to the agency's admin": (
        "hanya petugas unit penerima disposisi yang boleh mengembalikan laporan ke admin instansi"
    ),
    "only the assigned agency's admin may dispose": (
        "hanya admin instansi yang ditugasi yang boleh mendisposisikan"
    ),
    "only the assigned agency's admin may decline (bukan wewenang)": (
        "hanya admin instansi yang ditugasi yang boleh menyatakan bukan wewenang"
    ),
    "only the assigned agency's admin may hold; before forwarding, the national admin": (
        "hanya admin instansi yang ditugasi yang boleh menunda; sebelum diteruskan, admin nasional"
    ),
    "only the assigned agency's admin may resume; before forwarding, the national admin": (
        "hanya admin instansi yang ditugasi yang boleh melanjutkan; sebelum diteruskan, admin nasional"
    ),
    "only the assigned agency's admin may extend a permintaan informasi (UU 14/2008 Pasal 22(8))": (
        "hanya admin instansi yang ditugasi yang boleh memperpanjang permintaan informasi"
        " (UU 14/2008 Pasal 22(8))"
    ),
    "only the national admin or the assigned agency's admin may publish an attachment": (
        "hanya admin nasional atau admin instansi yang ditugasi yang boleh memublikasikan lampiran"
    ),
    "only the national admin may flag a complaint for redaction": (
        "hanya admin nasional yang boleh menandai laporan untuk disamarkan"
    ),
    "only the national admin may redact a text": "hanya admin nasional yang boleh menyamarkan teks",
    "only the national admin may end a redaction": "hanya admin nasional yang boleh mengakhiri penyamaran",
    "only a unit the complaint was disposed to, or the agency's admin, may start": (
        "hanya unit penerima disposisi atau admin instansi yang boleh memproses"
    ),
    "only a unit the complaint was disposed to, or the agency's admin, may follow up": (
        "hanya unit penerima disposisi atau admin instansi yang boleh menindaklanjuti"
    ),
    "only the reporter may reply": "hanya pelapor yang boleh menanggapi",
    "only the reporter (satisfied) or the system (auto-close) may close": (
        "hanya pelapor (bila puas) atau sistem (tutup otomatis) yang boleh menyelesaikan"
    ),
    (
        "only the national admin may archive before forwarding; after it, the assigned agency's admin "
        "while the complaint is forwarded"
    ): (
        "sebelum diteruskan hanya admin nasional yang boleh mengarsipkan; sesudahnya admin instansi yang "
        "ditugasi, selama laporan berstatus diteruskan"
    ),
    (
        "only the reporter, the national admin or the system may escalate; an anonim complaint only its "
        "reporter"
    ): (
        "hanya pelapor, admin nasional atau sistem yang boleh mengeskalasi; laporan anonim hanya oleh "
        "pelapornya"
    ),
    "only the national admin or the assigned agency's admin may ask the reporter for information": (
        "hanya admin nasional atau admin instansi yang ditugasi yang boleh meminta kelengkapan kepada pelapor"
    ),
    "only the reporter may add information": "hanya pelapor yang boleh menambah keterangan",
    "only the system records that a request for information lapsed": (
        "hanya sistem yang mencatat bahwa permintaan kelengkapan tidak dijawab"
    ),
    "only the reporter may reopen a closed complaint": (
        "hanya pelapor yang boleh membuka kembali laporan yang selesai"
    ),
    "only Ombudsman RI records that it received a report": (
        "hanya Ombudsman RI yang mencatat penerimaan laporan"
    ),
    "only Ombudsman RI records its LHP": "hanya Ombudsman RI yang mencatat LHP-nya",
    "only Ombudsman RI records its Rekomendasi": "hanya Ombudsman RI yang mencatat Rekomendasinya",
    "only Ombudsman RI records the reported party's response": (
        "hanya Ombudsman RI yang mencatat tanggapan terlapor"
    ),
    "only Ombudsman RI concludes its examination": "hanya Ombudsman RI yang menutup pemeriksaannya",
    "only the system records a time-limit breach": "hanya sistem yang mencatat pelanggaran batas waktu",
    "only a reporter, the national admin or an intake gateway may submit": (
        "hanya pelapor, admin nasional atau gerbang masukan yang boleh menyampaikan laporan"
    ),
    "only the reporter rates their satisfaction": "hanya pelapor yang menilai kepuasannya",
    "a reporter files under their own reference": "pelapor melapor atas rujukannya sendiri",
    "this complaint is neither theirs nor their agency's": (
        "laporan ini bukan milik pengguna ini atau instansinya"
    ),
    "sign in first": "masuk terlebih dahulu",
    "only staff see overdue lists": "hanya petugas yang melihat daftar laporan terlambat",
}

#: Why a step is not possible from a status (``sp4n.lifecycle.engine``).
TRANSITION_RULES: dict[str, str] = {
    "a {status} complaint is final": "laporan berstatus {status} sudah final",
    "resume returns only to the status the hold began in": "lanjutkan hanya kembali ke status saat ditunda",
    "{action} is possible only from {sources}": "{action} hanya dapat dilakukan dari {sources}",
    "the complaint is already in redaction": "laporan sudah ditandai untuk disamarkan",
    "the complaint is not in redaction": "laporan tidak sedang ditandai untuk disamarkan",
    "{action} needs a reason": "{action} memerlukan alasan",
}

#: Rules of the fields people fill in: commands, identity, tracking numbers, the command line's options.
FIELD_RULES: dict[str, str] = {
    "must be a whole number of at least {least}": "harus bilangan bulat paling kecil {least}",
    "must name an earlier event of this complaint": "harus menyebut langkah sebelumnya dari laporan ini",
    "must be one of reason, details.title, details.description": (
        "harus salah satu dari reason, details.title, details.description"
    ),
    "must be a SHA-256 in lowercase hex": "harus SHA-256 dalam heksadesimal huruf kecil",
    "the event has no such text": "langkah itu tidak memiliki teks tersebut",
    "the event was stored before texts were sealed (chain format 1)": (
        "langkah itu disimpan sebelum teks disegel (format rantai 1)"
    ),
    "must be a span inside the text (0 <= start < end <= {length})": (
        "harus rentang di dalam teks (0 <= start < end <= {length})"
    ),
    "the text does not contain this span": "teks tidak memuat bagian ini",
    "give either the span (start, end) or the exact text to mask": (
        "isi rentang (start, end) atau teks persis yang disamarkan, salah satu"
    ),
    "must not be empty": "tidak boleh kosong",
    "the database refused a value ({reason})": "basis data menolak sebuah nilai ({reason})",
    "must not be negative": "tidak boleh negatif",
    "must be a non-empty text": "harus berupa teks yang tidak kosong",
    "must be true or false": "harus true atau false",
    "must be true, false or absent": "harus true, false atau tidak diisi",
    "must be one of {allowed}": "harus salah satu dari {allowed}",
    "must be a date written YYYY-MM-DD": "harus tanggal bertulis TTTT-BB-HH",
    "must be one line without control or invisible formatting characters": (
        "harus satu baris tanpa karakter kendali atau format tak terlihat"
    ),
    "must not contain control or invisible formatting characters": (
        "tidak boleh memuat karakter kendali atau format tak terlihat"
    ),
    "must be an identifier (letters, digits, . _ : -; at most 64)": (
        "harus berupa pengenal (huruf, angka, . _ : -; paling banyak 64)"
    ),
    "must be timezone-aware (naive datetimes are refused)": (
        "harus menyebut zona waktu (waktu tanpa zona ditolak)"
    ),
    "must be exactly 16 digits": "harus tepat 16 angka",
    "birth-date part is not a date (women's day of birth is +40)": (
        "bagian tanggal lahir bukan tanggal (tanggal lahir perempuan ditambah 40)"
    ),
    "serial number 0000 is not issued": "nomor urut 0000 tidak pernah diterbitkan",
    "must be an Indonesian mobile number (08…, +628…), 9-13 digits": (
        "harus nomor seluler Indonesia (08…, +628…), 9-13 angka"
    ),
    "must be an address like name@example.go.id (at most 254 characters)": (
        "harus alamat seperti nama@contoh.go.id (paling banyak 254 karakter)"
    ),
    "give at least one of name, nik, phone, email": (
        "isi paling sedikit salah satu dari nama, NIK, telepon, e-mail"
    ),
    "must have 1-{limit} characters": "harus 1-{limit} karakter",
    "must have {length} characters from {alphabet}": "harus {length} karakter dari {alphabet}",
    "check character does not match (a typo?)": "karakter pemeriksa tidak cocok (salah ketik?)",
    "must be an integer from 1 to {limit}": "harus bilangan bulat 1 sampai {limit}",
    "{code!r} is not a region in the {version} list": "{code!r} bukan wilayah dalam daftar {version}",
    "is not a region in the {version} list": "bukan wilayah dalam daftar {version}",
    "must be a JSON object": "harus berupa objek JSON",
    "must be valid UTF-8": "harus UTF-8 yang sah",
    "must be at most {limit} bytes": "paling besar {limit} bita",
    "must be a date (not a datetime)": "harus tanggal (bukan tanggal dan jam)",
    "must not be after the day the report is submitted": "tidak boleh sesudah hari laporan disampaikan",
    "a privacy flag once set is never lifted": "tanda privasi yang sudah dipasang tidak pernah dicabut",
    "dispose needs one or more units": "disposisi memerlukan satu unit atau lebih",
    "each unit may be named only once": "setiap unit hanya boleh disebut sekali",
    "reroute must name a different agency": "penerusan ulang harus menyebut instansi lain",
    "must be a whole number from 1 to 5": "harus bilangan bulat 1 sampai 5",
    "an anonim reporter must consent to disclose their identity to Ombudsman RI (never to the agency)": (
        "pelapor anonim harus setuju identitasnya dibuka kepada Ombudsman RI (tidak pernah kepada instansi)"
    ),
    "must not be before the complaint's last change (time never runs backwards)": (
        "tidak boleh sebelum perubahan terakhir laporan (waktu tidak berjalan mundur)"
    ),
    "a unit_officer must name its unit": "petugas unit harus menyebut unitnya",
    "an agency_admin must name the agency it administers": "admin instansi harus menyebut instansinya",
    "{value!r} is not an ISO 8601 instant": "{value!r} bukan waktu ISO 8601",
    "{code!r} is not in {source}": "{code!r} tidak ada dalam {source}",
    "standard input can be read once: name at most one file as -": (
        "masukan standar hanya dapat dibaca sekali: sebut paling banyak satu berkas sebagai -"
    ),
    "the {what} may not exceed {limit} bytes": "{what} tidak boleh lebih dari {limit} bita",
    "cannot read the {what}: not UTF-8 text": "{what} tidak dapat dibaca: bukan teks UTF-8",
    "give at least one of --webhook, --smtp, --sms-gateway": (
        "isi paling sedikit salah satu dari --webhook, --smtp, --sms-gateway"
    ),
    "must name its time zone (Z or +07:00)": "harus menyebut zona waktunya (Z atau +07:00)",
    "no agency was named and the routing policy found none": (
        "tidak ada instansi yang disebut dan kebijakan perutean tidak menemukannya"
    ),
}

#: pydantic's own messages, as templates of its context values (``sp4n.commands`` checks the match).
PYDANTIC_RULES: dict[str, str] = {
    "Field required": "wajib diisi",
    "Extra inputs are not permitted": "tidak dikenal",
    "Input should be a valid string": "harus berupa teks",
    "Input should be a valid integer": "harus bilangan bulat",
    "Input should be a valid boolean": "harus true atau false",
    "Input should be a valid list": "harus berupa daftar",
    "Input should be a valid dictionary": "harus berupa objek",
    "Input should be a valid datetime": "harus tanggal dan jam",
    "Input should be {expected}": "harus {expected}",
    "String should have at least {min_length} character": "paling sedikit {min_length} karakter",
    "String should have at least {min_length} characters": "paling sedikit {min_length} karakter",
    "String should have at most {max_length} character": "paling banyak {max_length} karakter",
    "String should have at most {max_length} characters": "paling banyak {max_length} karakter",
    "List should have at least {min_length} item after validation, not {actual_length}": (
        "paling sedikit {min_length} butir, bukan {actual_length}"
    ),
    "List should have at most {max_length} items after validation, not {actual_length}": (
        "paling banyak {max_length} butir, bukan {actual_length}"
    ),
    "Input should be greater than or equal to {ge}": "harus paling kecil {ge}",
    "Input should be less than or equal to {le}": "harus paling besar {le}",
}

for _table in (PERMISSION_RULES, TRANSITION_RULES, FIELD_RULES, PYDANTIC_RULES):
    register({english: (indonesian, english) for english, indonesian in _table.items()}, rules=True)


def pydantic_rule(message: str, context: Mapping[str, object] | None = None) -> Phrase:
    """A pydantic error's message (``msg``, with its ``ctx``) as a rule that reads in every language: one of
    :data:`PYDANTIC_RULES` filled with the context's values, or the message itself.

    >>> from sp4n.texts import rule_text
    >>> rule = pydantic_rule("Input should be 'a' or 'b'", {"expected": "'a' or 'b'"})
    >>> rule, rule_text(rule, "id")
    ("Input should be 'a' or 'b'", "harus 'a' or 'b'")
    """
    # pydantic prefixes messages from our validators with "Value error, "; the rule is what follows.
    rule, context = message.removeprefix("Value error, "), context or {}
    for template in PYDANTIC_RULES if context and rule == message else ():
        if placeholders(template) <= context.keys() and template.format(**context) == rule:
            return Phrase(template, **{name: context[name] for name in placeholders(template)})
    return Phrase(rule)
