"""The seed of the phrasing table: how people say it → how the catalogue writes it.

General Vietnamese usage at the one-stop desk (bằng lái, sổ đỏ, hộ khẩu, công chứng),
not fitted to any test question; the catalogue team adds their own in the admin
(assistant.Phrasing), from the questions that found nothing.
"""

from __future__ import annotations

SEED: list[tuple[str, str]] = [
    ("bằng lái", "giấy phép lái xe"),
    ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
    ("sổ hồng", "giấy chứng nhận quyền sử dụng đất"),
    ("hộ khẩu", "thường trú"),
    ("nhập khẩu", "đăng ký thường trú"),
    ("cắt khẩu", "xóa đăng ký thường trú"),
    ("tách khẩu", "tách hộ"),
    ("ở trọ", "tạm trú"),
    ("thuê trọ", "tạm trú"),
    ("chứng minh thư", "chứng minh nhân dân"),
    ("cmnd", "chứng minh nhân dân"),
    ("cccd", "căn cước"),
    ("căn cước công dân", "căn cước"),
    ("passport", "hộ chiếu"),
    ("báo mất", "trình báo mất"),
    ("chứng tử", "khai tử"),
    ("mới đẻ", "khai sinh"),
    ("mới sinh", "khai sinh"),
    ("độc thân", "xác nhận tình trạng hôn nhân"),
    ("cưới", "kết hôn"),
    ("lấy vợ", "kết hôn"),
    ("lấy chồng", "kết hôn"),
    ("ngoài giá thú", "nhận cha mẹ con"),
    ("sai", "cải chính đính chính chỉnh sửa"),
    ("sửa", "cải chính điều chỉnh đính chính chỉnh sửa"),
    ("công chứng", "chứng thực"),
    ("sao y", "chứng thực bản sao"),
    ("dịch thuật", "chứng thực chữ ký người dịch"),
    ("thổ cư", "đất ở"),
    ("sang tên", "chuyển nhượng"),
    ("quy hoạch", "thông tin dữ liệu đất đai"),
    ("trích lục bản đồ", "thông tin dữ liệu đất đai"),
    ("lấn đất", "tranh chấp đất đai"),
    ("xây nhà", "xây dựng nhà ở"),
    ("sửa nhà", "sửa chữa cải tạo nhà ở"),
    ("mở quán", "hộ kinh doanh"),
    ("mở tiệm", "hộ kinh doanh"),
    ("bán hàng", "kinh doanh"),
    ("công ty", "doanh nghiệp"),
    ("tnhh", "trách nhiệm hữu hạn"),
    ("đóng cửa", "chấm dứt giải thể"),
    ("tạm nghỉ", "tạm ngừng"),
    ("quán ăn", "dịch vụ ăn uống"),
    ("nhà hàng", "dịch vụ ăn uống"),
    ("cây xăng", "xăng dầu"),
    ("thuốc tây", "nhà thuốc dược"),
    ("tiệm thuốc", "nhà thuốc dược"),
    ("bhyt", "bảo hiểm y tế"),
    ("bhxh", "bảo hiểm xã hội"),
    ("bảo hiểm thất nghiệp", "trợ cấp thất nghiệp"),
    ("người già", "người cao tuổi"),
    ("cụ già", "người cao tuổi"),
    ("da cam", "chất độc hóa học"),
    ("cấp 2", "trung học cơ sở"),
    ("cấp 3", "trung học phổ thông"),
    # The grade says the school level (lớp 1–5 primary, 6–9 lower, 10–12 upper secondary).
    *((f"lớp {grade}", "tiểu học") for grade in range(1, 6)),
    *((f"lớp {grade}", "trung học cơ sở") for grade in range(6, 10)),
    *((f"lớp {grade}", "trung học phổ thông") for grade in range(10, 13)),
    ("bằng tốt nghiệp", "văn bằng"),
    ("bằng cấp", "văn bằng"),
    ("vneid", "định danh điện tử"),
    ("heo", "động vật"),
    ("lợn", "động vật"),
    ("khoan giếng", "khai thác nước dưới đất"),
    ("giếng", "nước dưới đất"),
    ("người nước ngoài", "yếu tố nước ngoài"),
    ("hàn quốc", "nước ngoài"),
    ("nhật bản", "nước ngoài"),
    ("trung quốc", "nước ngoài"),
    ("đài loan", "nước ngoài"),
]

# Words of the question itself (what, where, how long), not of the procedure: dropped
# before ranking. "mất bao lâu" is time, not "bị mất" (lost).
QUESTION_PHRASES = [
    "mất bao lâu", "mất mấy ngày", "mất bao nhiêu tiền", "mất bao nhiêu", "hết bao nhiêu",
    "bao nhiêu tiền", "bao nhiêu", "bao lâu", "mấy ngày", "thế nào", "như thế nào",
    "ở đâu", "làm sao", "cần gì", "cần những gì", "những giấy tờ gì", "giấy tờ gì",
    "có được không", "được không", "có phải", "không", "thì", "làm", "xin", "cần",
    "muốn", "cho", "của", "tôi", "em", "ạ", "với", "được", "có", "gì", "là", "và",
]  # fmt: skip

# How people ask for each fact, compared without diacritics, as whole syllables (the
# conversation finds the fact asked by them; the ranking does not count them as topic).
ASKED = {
    "time": [
        "bao lâu", "mấy ngày", "bao nhiêu ngày", "mấy hôm", "thời gian", "thời hạn",
        "khi nào có", "bao giờ có", "bao giờ lấy", "khi nào lấy", "nhanh không", "lâu không",
    ],
    "fee": [
        "phí", "bao nhiêu tiền", "mất tiền", "tốn tiền", "hết bao nhiêu", "mất bao nhiêu",
        "tốn bao nhiêu", "tiền", "miễn phí",
    ],
    "online": [
        "online", "onl", "trực tuyến", "qua mạng", "trên mạng", "tại nhà", "ở nhà",
        "internet", "dịch vụ công", "không cần đến", "không phải đến", "không phải lên",
    ],
    "documents": [
        "giấy tờ", "hồ sơ gồm", "hồ sơ cần", "cần gì", "cần những gì", "mang gì", "mang theo",
        "chuẩn bị", "thành phần", "cần mang", "những gì",
    ],
    "where": [
        "ở đâu", "chỗ nào", "cơ quan nào", "nộp đâu", "nơi nào", "đến đâu", "lên đâu",
        "đi đâu", "ai giải quyết", "ai làm",
    ],
}  # fmt: skip

# Every phrase above: the words a question uses to ask, not to name its topic.
FACT_PHRASES = [phrase for phrases in ASKED.values() for phrase in phrases]
