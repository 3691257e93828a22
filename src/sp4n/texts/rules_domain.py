"""Rules of the domain's own values and of routing in Bahasa Indonesia, keyed by their English wording
(placeholders unfilled), as :mod:`sp4n.texts.rules` keys the rules of what people fill in.

The routing rules are how a policy's decisions read (``sp4n policy explain``, ``policy check``): a
:class:`~sp4n.texts.Phrase` keeps each part's template, so an explanation built from parts reads whole in the
chosen language.
"""

from __future__ import annotations

from sp4n.texts.core import register

__all__ = ["DOMAIN_RULES", "ROUTING_RULES"]

#: Rules of the domain's own values: details of lifecycle steps, agencies, policies, regions, attachments,
#: stored events, the service's queries and the Open311 endpoint.
DOMAIN_RULES: dict[str, str] = {
    "must be 1 to {limit} bytes": "harus 1 sampai {limit} bita",
    "the stored content no longer matches its reference": (
        "isi yang tersimpan tidak lagi cocok dengan rujukannya"
    ),
    "no such attachment in this store": "lampiran itu tidak ada di penyimpanan ini",
    "is not an allowed media type": "bukan jenis media yang diizinkan",
    "{tracking_id!r} already belongs to another complaint": "{tracking_id!r} sudah milik laporan lain",
    "must equal expected_version + number of events ({expected})": (
        "harus sama dengan expected_version + jumlah peristiwa ({expected})"
    ),
    "event {offset} belongs to complaint {complaint_id!r}": (
        "peristiwa {offset} milik laporan {complaint_id!r}"
    ),
    "event {offset} has sequence {sequence}, not {expected}": (
        "peristiwa {offset} berurutan {sequence}, bukan {expected}"
    ),
    "must be between 1 and {limit}": "harus antara 1 dan {limit}",
    "region part: {problem}": "bagian wilayah: {problem}",
    "region part: there is no province {province}": "bagian wilayah: tidak ada provinsi {province}",
    "an agency needs a non-empty id and name": "instansi memerlukan id dan nama yang tidak kosong",
    "a regional government must name its region": "pemerintah daerah harus menyebut wilayahnya",
    "only a regional government governs a region": "hanya pemerintah daerah yang memerintah suatu wilayah",
    "a {kind} governs a depth-{depth} region": "{kind} memerintah wilayah tingkat {depth}",
    "unit {id!r}: parent {parent!r} must come before it": (
        "unit {id!r}: induk {parent!r} harus disebut lebih dulu"
    ),
    "unit {id!r} appears twice": "unit {id!r} muncul dua kali",
    "agency {id!r} has no unit {unit_id!r}": "instansi {id!r} tidak punya unit {unit_id!r}",
    "{id!r} appears twice": "{id!r} muncul dua kali",
    "appears twice": "muncul dua kali",
    "name exactly one of agency or level": "sebut tepat satu: instansi atau tingkat",
    "policy {name!r} has no rule {rule_id!r}": "kebijakan {name!r} tidak punya aturan {rule_id!r}",
    "rule id {id!r} appears twice": "id aturan {id!r} muncul dua kali",
    "{region_code!r}: there is no province {province}": "{region_code!r}: tidak ada provinsi {province}",
    "{text!r}: must contain a letter or a digit": "{text!r}: harus memuat huruf atau angka",
    "{version!r} is not a built-in region list ({names})": (
        "{version!r} bukan daftar wilayah bawaan ({names})"
    ),
    "must have exactly two columns, kode and a non-empty nama": (
        "harus tepat dua kolom, kode dan nama yang tidak kosong"
    ),
    "is not one of the 38 provinces": "bukan salah satu dari 38 provinsi",
    "has no parent {parent} earlier in the list": "tidak punya induk {parent} lebih awal dalam daftar",
    "is not a dotted Kemendagri code PP[.KK[.CC[.DDDD]]]": (
        "bukan kode Kemendagri bertitik PP[.KK[.CC[.DDDD]]]"
    ),
    "is not a Kemendagri code (PP[.KK[.CC[.DDDD]]], dots optional)": (
        "bukan kode Kemendagri (PP[.KK[.CC[.DDDD]]], titik boleh ditulis atau tidak)"
    ),
    "province digits must not be 00": "angka provinsi tidak boleh 00",
    "kabupaten/kota digits must be 01-69 (kabupaten) or 71-99 (kota)": (
        "angka kabupaten/kota harus 01-69 (kabupaten) atau 71-99 (kota)"
    ),
    "kecamatan digits must not be 00": "angka kecamatan tidak boleh 00",
    "village digits must start with 1 (kelurahan), 2 (desa) or 3 (desa adat)": (
        "angka desa harus diawali 1 (kelurahan), 2 (desa) atau 3 (desa adat)"
    ),
    "{action} must name the agency it forwards to": "{action} harus menyebut instansi tujuan",
    "archive_duplicate must name the canonical complaint": (
        "archive_duplicate harus menyebut laporan utamanya"
    ),
    "a complaint is not a duplicate of itself": "laporan bukan duplikat dirinya sendiri",
    "add_agency must name the agency": "add_agency harus menyebut instansinya",
    "{agency} already handles this complaint": "{agency} sudah menangani laporan ini",
    "{agency} already declined this complaint (bukan wewenang)": (
        "{agency} sudah menolak laporan ini (bukan wewenang)"
    ),
    "must be a list of attachment references": "harus berupa daftar rujukan lampiran",
    "must be Attachment references (store the bytes first)": (
        "harus berupa rujukan Attachment (simpan isinya lebih dulu)"
    ),
    "a complaint holds at most {limit} attachments": "satu laporan memuat paling banyak {limit} lampiran",
    "dispose needs a list of one or more unit ids": "disposisi memerlukan daftar satu id unit atau lebih",
    "must be a datetime": "harus tanggal dan jam",
    "must be a positive timedelta": "harus selang waktu yang positif",
    "must name an unpublished attachment of this complaint": (
        "harus menyebut lampiran laporan ini yang belum dipublikasikan"
    ),
    "{action} takes no such detail": "{action} tidak menerima rincian itu",
    "required for reports from the {channel} channel": "wajib untuk laporan dari kanal {channel}",
    "record_breach needs clock, due_at and overdue_by": (
        "record_breach memerlukan clock, due_at dan overdue_by"
    ),
    "a history has at least the submit event": "riwayat paling sedikit memuat peristiwa penyampaian",
    "must be 64 lowercase hex digits": "harus 64 digit heksadesimal huruf kecil",
    "must be a relative key without '..'": "harus kunci relatif tanpa '..'",
    "escalation to Ombudsman RI needs one of: {wanted}": (
        "eskalasi ke Ombudsman RI memerlukan salah satu: {wanted}"
    ),
    "{agency} declined once and the national admin overruled it: nothing declines twice": (
        "{agency} sudah sekali menolak dan admin nasional membatalkannya: tidak ada penolakan kedua"
    ),
    "only a permintaan informasi has an extension ({source})": (
        "hanya permintaan informasi yang dapat diperpanjang ({source})"
    ),
    "the time limit was extended once already ({source})": "batas waktu sudah pernah diperpanjang ({source})",
    "the 10 working days have passed: extend before they end ({source})": (
        "10 hari kerja sudah lewat: perpanjang sebelum berakhir ({source})"
    ),
    "reopen is possible only within {days} days of the close ({source})": (
        "pembukaan kembali hanya dapat dilakukan dalam {days} hari sejak selesai ({source})"
    ),
    "the matter is too old for Ombudsman RI ({source})": (
        "perkaranya terlalu lama untuk Ombudsman RI ({source})"
    ),
    "Ombudsman RI takes a report only from an identified reporter (UU 37/2008 Pasal 24(1))": (
        "Ombudsman RI hanya menerima laporan dari pelapor yang jelas identitasnya (UU 37/2008 Pasal 24(1))"
    ),
    (
        "Ombudsman RI takes a report only after it reached the reported party: this complaint was never "
        "forwarded to an agency (UU 37/2008 Pasal 24(1) huruf c)"
    ): (
        "Ombudsman RI hanya menerima laporan yang sudah disampaikan kepada terlapor: laporan ini belum "
        "pernah diteruskan ke instansi (UU 37/2008 Pasal 24(1) huruf c)"
    ),
    "the complaint has no unpublished attachment": "laporan tidak punya lampiran yang belum dipublikasikan",
    "must be an aware datetime in UTC": "harus waktu dengan zona, dalam UTC",
    "a unit_officer must name the agency it belongs to": "petugas unit harus menyebut instansinya",
    "a disclosure lifts anonymity for one complaint only": (
        "pembukaan identitas hanya berlaku untuk satu laporan"
    ),
    "the event belongs to another complaint": "peristiwa itu milik laporan lain",
    "must start with the submit event": "harus diawali peristiwa penyampaian",
    "must be a parsed lifecycle command (sp4n.commands)": (
        "harus perintah siklus hidup yang sudah diurai (sp4n.commands)"
    ),
    "attachments are the handling agency's unless published": (
        "lampiran milik instansi penangan kecuali sudah dipublikasikan"
    ),
    "must be an sp4n Actor": "harus Actor sp4n",
    "is not a cursor sp4n issued; start again without a cursor": (
        "bukan kursor yang diterbitkan sp4n; mulai lagi tanpa kursor"
    ),
    "was issued for another list; start again without a cursor": (
        "diterbitkan untuk daftar lain; mulai lagi tanpa kursor"
    ),
    "is the stand-in of an unlinked account, not an account id": (
        "adalah pengganti akun yang tidak tertaut, bukan id akun"
    ),
    "must be a string of 1 to {limit} characters without NUL": (
        "harus teks 1 sampai {limit} karakter tanpa NUL"
    ),
    "must be a timezone-aware datetime": "harus waktu yang menyebut zona waktu",
    "only {names} may": "hanya {names} yang boleh",
    "must be valid Unicode text": "harus teks Unicode yang sah",
    "no reporter identity is stored under this reference": (
        "tidak ada identitas pelapor yang tersimpan dengan rujukan ini"
    ),
    "characters {names!r} are not in the alphabet": "karakter {names!r} tidak ada dalam abjad",
    "a payload may have at most {limit} characters": "muatan paling banyak {limit} karakter",
    "number must be in [0, {space})": "bilangan harus dalam [0, {space})",
    "must not be after end_date": "tidak boleh sesudah end_date",
    "must be open or closed (comma separated)": "harus open atau closed (dipisah koma)",
    "must be between -{bound:g} and {bound:g}": "harus antara -{bound:g} dan {bound:g}",
    "must be one of the codes services.json lists": "harus salah satu kode dalam services.json",
    "must include a time zone (Z or an offset), as the spec requires": (
        "harus menyebut zona waktu (Z atau selisih), sesuai spesifikasi"
    ),
    "must be a decimal number (WGS 84)": "harus bilangan desimal (WGS 84)",
    "lat and long are taken only together, where a geocoder is set": (
        "lat dan long hanya diterima bersama, bila geocoder dipasang"
    ),
    "the point is outside every region this endpoint serves": (
        "titik itu di luar semua wilayah yang dilayani titik akhir ini"
    ),
}

#: Why a routing policy sends a complaint where it does, or nowhere (``sp4n policy explain`` and ``check``).
ROUTING_RULES: dict[str, str] = {
    "provincial government": "pemerintah provinsi",
    "kabupaten/kota government": "pemerintah kabupaten/kota",
    "in {region}": "di {region}",
    "everywhere": "di mana saja",
    "type {types}": "jenis {types}",
    "channel {channels}": "kanal {channels}",
    "after {agencies} declined": "sesudah {agencies} menolak",
    "; passed over {skipped}": "; melewati {skipped}",
    "rule {rule!r} ({rule_text}) assigns {agency} ({name}){note}": (
        "aturan {rule!r} ({rule_text}) menugasi {agency} ({name}){note}"
    ),
    "agency {agency!r} is not registered": "instansi {agency!r} tidak terdaftar",
    "no {target} for region {region}": "tidak ada {target} untuk wilayah {region}",
    "policy {name!r} has no rule for category {category!r}": (
        "kebijakan {name!r} tidak punya aturan untuk kategori {category!r}"
    ),
    "{id} (declined)": "{id} (menolak)",
    "an unknown region": "wilayah yang tidak dikenal",
    "no rule routes {category!r} ({scope}) from {where}": (
        "tidak ada aturan yang merutekan {category!r} ({scope}) dari {where}"
    ),
    "no agency left for {category!r} from {where}: {skipped}": (
        "tidak ada instansi tersisa untuk {category!r} dari {where}: {skipped}"
    ),
    "region {code} is outside {region}": "wilayah {code} di luar {region}",
    "does not take type {type} via {channel}": "tidak menerima jenis {type} melalui {channel}",
    "applies only after {agencies} declined": "berlaku hanya sesudah {agencies} menolak",
    "tied with the winner and listed later": "seri dengan pemenang dan tercantum lebih belakang",
    "its target has no agency": "sasarannya tidak punya instansi",
    "less specific than {winner} ({ours} < {theirs})": (
        "kurang spesifik daripada {winner} ({ours} < {theirs})"
    ),
    "{agency} already declined": "{agency} sudah menolak",
    "no agency for {category!r}{scope} in {where}: {villages} village(s)": (
        "tidak ada instansi untuk {category!r}{scope} di {where}: {villages} desa"
    ),
    " type {type}": " jenis {type}",
    " via {channel}": " melalui {channel}",
    "every region": "semua wilayah",
    "targets unknown agency {agency!r}": "menyasar instansi tak dikenal {agency!r}",
    "waits for unknown agency {agency!r}": "menunggu instansi tak dikenal {agency!r}",
    "region {region} is not in dataset {version}: the rule never matches": (
        "wilayah {region} tidak ada dalam data {version}: aturan ini tidak pernah cocok"
    ),
    "rule {rule!r}: {message}": "aturan {rule!r}: {message}",
    " and {count} more": " dan {count} lainnya",
    "no {target} for {regions}": "tidak ada {target} untuk {regions}",
    "can route a complaint back to {agency}, which declined it": (
        "dapat merutekan laporan kembali ke {agency}, yang sudah menolaknya"
    ),
    "rules {a!r} and {b!r} tie on {rule}; {a!r} wins by order": (
        "aturan {a!r} dan {b!r} seri pada {rule}; {a!r} menang karena urutan"
    ),
    "never comes first: a more specific or higher-priority rule always wins (fallback only)": (
        "tidak pernah menang: aturan yang lebih spesifik atau berprioritas lebih tinggi selalu menang"
        " (cadangan saja)"
    ),
}

for _table in (DOMAIN_RULES, ROUTING_RULES):
    register({english: (indonesian, english) for english, indonesian in _table.items()}, rules=True)
