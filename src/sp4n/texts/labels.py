"""Labels of statuses, actions and roles: one line per value, Bahasa Indonesia first, then English.

The Indonesian labels are the words LAPOR! shows its users. A new action gets its line in
:data:`ACTION_LABELS` (``"action.<value>"``); a test checks that every status, action and role has one.
"""

from __future__ import annotations

from sp4n.texts.core import register

__all__ = ["ACTION_LABELS", "ROLE_LABELS", "STATUS_LABELS"]

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "status.submitted": ("Belum Terverifikasi", "Not yet verified"),
    "status.forwarded": ("Diteruskan ke instansi", "Forwarded to an agency"),
    "status.disposed": ("Didisposisikan", "Assigned to a unit"),
    "status.in_progress": ("Diproses", "In progress"),
    "status.followed_up": ("Ditindaklanjuti", "Followed up"),
    "status.closed": ("Selesai", "Closed"),
    "status.declined": ("Bukan wewenang", "Not the agency's authority"),
    "status.archived": ("Diarsipkan", "Archived"),
    "status.on_hold": ("Ditunda", "On hold"),
    "status.awaiting_information": (
        "Menunggu kelengkapan dari pelapor",
        "Awaiting information from the reporter",
    ),
    "status.escalated": ("Dieskalasi ke Ombudsman RI", "Escalated to Ombudsman RI"),
    "status.examined_by_ombudsman": ("Diperiksa Ombudsman RI", "Examined by Ombudsman RI"),
    "status.lhp_issued": ("LHP Ombudsman RI diterbitkan", "Ombudsman RI findings (LHP) issued"),
    "status.recommendation_issued": (
        "Rekomendasi Ombudsman RI diterbitkan",
        "Ombudsman RI recommendation issued",
    ),
    "status.answered_to_ombudsman": ("Ditanggapi terlapor", "Answered by the agency complained about"),
    "status.concluded": ("Selesai di Ombudsman RI", "Concluded by Ombudsman RI"),
}

ACTION_LABELS: dict[str, tuple[str, str]] = {
    "action.submit": ("Sampaikan laporan", "Submit a report"),
    "action.verify": ("Verifikasi dan teruskan", "Verify and forward"),
    "action.dispose": ("Disposisi", "Assign to a unit"),
    "action.start": ("Proses", "Start handling"),
    "action.follow_up": ("Tindak lanjut", "Follow up"),
    "action.reply": ("Tanggapi", "Reply"),
    "action.close": ("Selesaikan", "Close"),
    "action.hold": ("Tunda", "Put on hold"),
    "action.resume": ("Lanjutkan", "Resume"),
    "action.decline": ("Bukan wewenang", "Decline: not our authority"),
    "action.reroute": ("Teruskan ulang", "Re-route"),
    "action.archive": ("Arsipkan", "Archive"),
    "action.escalate": ("Eskalasi ke Ombudsman RI", "Escalate to Ombudsman RI"),
    "action.record_breach": ("Catat pelanggaran batas waktu", "Record a missed time limit"),
    "action.reopen": ("Buka kembali", "Reopen"),
    "action.ombudsman_receive": ("Diterima Ombudsman RI", "Received by Ombudsman RI"),
    "action.record_lhp": ("Catat LHP Ombudsman RI", "Record the Ombudsman RI findings (LHP)"),
    "action.record_recommendation": (
        "Catat Rekomendasi Ombudsman RI",
        "Record the Ombudsman RI recommendation",
    ),
    "action.record_response": ("Catat tanggapan terlapor", "Record the agency's answer"),
    "action.conclude": ("Tutup pemeriksaan Ombudsman RI", "Conclude the Ombudsman RI examination"),
    "action.overrule_decline": ("Batalkan bukan wewenang", "Overrule the decline"),
    "action.archive_duplicate": ("Arsipkan sebagai duplikat", "Archive as a duplicate"),
    "action.add_agency": ("Tambah instansi pendamping", "Add a co-handling agency"),
    "action.contribute": ("Kontribusi instansi pendamping", "Co-handling agency's contribution"),
    "action.hand_back": ("Kembalikan ke admin instansi", "Hand back to the agency admin"),
    "action.request_information": ("Minta kelengkapan", "Request information"),
    "action.add_information": ("Tambah keterangan", "Add information"),
    "action.information_lapsed": ("Kelengkapan tidak dijawab", "Request for information lapsed"),
    "action.extend_information_deadline": (
        "Perpanjang jangka waktu informasi",
        "Extend the information deadline",
    ),
    "action.publish_attachment": ("Publikasikan lampiran", "Publish an attachment"),
    "action.flag_redaction": ("Tandai untuk disamarkan", "Flag for redaction"),
    "action.redact": ("Samarkan teks", "Redact a text"),
    "action.clear_redaction": ("Selesai disamarkan", "End the redaction"),
}

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "role.reporter": ("Pelapor", "Reporter"),
    "role.national_admin": ("Admin nasional (pengelola LAPOR!)", "National admin (LAPOR! operator)"),
    "role.agency_admin": ("Admin instansi", "Agency admin"),
    "role.unit_officer": ("Petugas unit / penghubung", "Unit officer / liaison"),
    "role.ombudsman": ("Ombudsman RI", "Ombudsman RI"),
    "role.intake": (
        "Gerbang masukan (SMS 1708, Twitter @LAPOR1708)",
        "Intake gateway (SMS 1708, Twitter @LAPOR1708)",
    ),
    "role.system": ("Sistem (pengatur waktu)", "System (timers)"),
}

register(STATUS_LABELS)
register(ACTION_LABELS)
register(ROLE_LABELS)
