"""The rest of the demo catalogue: the procedures a commune and a province handle most
often after the first 22 (catalogue_demo.py) — residence, identity cards, passports,
driving licences, land, building, businesses, food safety, health, social protection,
labour, schools, culture, farming — so that the procedure assistant meets near
neighbours (a lost driving licence against an expired one, permanent against temporary
residence) as it will in a real province.

Names, documents, times and fees follow the national catalogue and the fee circulars
as they stood in 2025, simplified; where a fee depends on the province or the place,
the note says so. **Codes 9.99xxxx are the demo's own**: the national code of these
procedures is not known to us, so none is made up; a real province imports its
catalogue with real codes.

A document whose name ends in "(nếu có)" is optional.
"""

from __future__ import annotations

from typing import Any

from tinhso.services.catalogue_demo import BUILDING, BUSINESS, ID_CARD, LAND, PERSON

OPTIONAL = "(nếu có)"


def procedure(
    number: int,
    name: str,
    field: str,
    level: str,
    days: int,
    fee: int,
    online: str,
    result: str,
    documents: list[str],
    *,
    agency: str | None = None,
    fee_note: str = "",
    form: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return dict(
        # A procedure keeps its number for good: a new one takes the next free number,
        # a removed one leaves a gap (the demo database knows procedures by code).
        code=f"9.99{number:04d}.000.00.00.H99",
        name=name,
        field=field,
        level=level,
        days=days,
        fee=fee,
        fee_note=fee_note,
        online=online,
        result=result,
        form=PERSON if form is None else form,
        # "(nếu có)" marks an optional paper; the page says so itself.
        documents=[(d.removesuffix(OPTIONAL).strip(), not d.endswith(OPTIONAL)) for d in documents],
        **({"agency": agency} if agency else {}),
    )


POLICE = "000.00.50.H99"  # Công an tỉnh
TRAFFIC_POLICE = "000.00.51.H99"
JUSTICE = "000.00.31.H99"
CONSTRUCTION = "000.00.32.H99"
AGRICULTURE = "000.00.33.H99"
FINANCE = "000.00.34.H99"
HEALTH = "000.00.35.H99"
EDUCATION = "000.00.36.H99"
HOME_AFFAIRS = "000.00.38.H99"
TRADE = "000.00.39.H99"
CULTURE = "000.00.40.H99"

C, P = "commune", "province"
FULL, PART = "full", "partial"

# fmt: off

CIVIL = [
    procedure(1, "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi (liên thông)", "ho-tich", C, 5, 0, FULL, "Giấy khai sinh, thẻ bảo hiểm y tế, xác nhận thường trú", ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Tờ khai thay đổi thông tin cư trú", "Tờ khai tham gia bảo hiểm y tế"]),
    procedure(2, "Đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất (liên thông)", "ho-tich", C, 5, 0, FULL, "Trích lục khai tử, quyết định hưởng mai táng phí", ["Tờ khai đăng ký khai tử", "Giấy báo tử hoặc giấy tờ thay giấy báo tử", "Sổ bảo hiểm xã hội của người chết " + OPTIONAL]),
    procedure(3, "Đăng ký nhận cha, mẹ, con", "ho-tich", C, 3, 15000, PART, "Trích lục đăng ký nhận cha, mẹ, con", ["Tờ khai đăng ký nhận cha, mẹ, con", "Chứng cứ chứng minh quan hệ cha, mẹ, con (kết quả giám định ADN hoặc văn bản của cơ quan y tế)"], fee_note="Theo mức Hội đồng nhân dân tỉnh quy định"),
    procedure(4, "Đăng ký giám hộ", "ho-tich", C, 3, 0, PART, "Trích lục đăng ký giám hộ", ["Tờ khai đăng ký giám hộ", "Văn bản cử người giám hộ"]),
    procedure(5, "Đăng ký chấm dứt giám hộ", "ho-tich", C, 2, 0, PART, "Trích lục đăng ký chấm dứt giám hộ", ["Tờ khai đăng ký chấm dứt giám hộ", "Giấy tờ làm căn cứ chấm dứt giám hộ"]),
    procedure(6, "Đăng ký lại khai sinh", "ho-tich", C, 5, 0, PART, "Giấy khai sinh (đăng ký lại)", ["Tờ khai đăng ký lại khai sinh", "Bản sao giấy khai sinh cũ hoặc giấy tờ có thông tin khai sinh " + OPTIONAL]),
    procedure(7, "Đăng ký lại kết hôn", "ho-tich", C, 5, 0, PART, "Giấy chứng nhận kết hôn (đăng ký lại)", ["Tờ khai đăng ký lại kết hôn", "Bản sao giấy chứng nhận kết hôn cũ " + OPTIONAL]),
    procedure(8, "Đăng ký lại khai tử", "ho-tich", C, 5, 0, PART, "Trích lục khai tử (đăng ký lại)", ["Tờ khai đăng ký lại khai tử", "Bản sao giấy chứng tử cũ " + OPTIONAL]),
    procedure(9, "Xác định lại dân tộc", "ho-tich", C, 3, 0, PART, "Trích lục thay đổi hộ tịch (dân tộc)", ["Tờ khai thay đổi, cải chính, xác định lại dân tộc", "Giấy tờ chứng minh dân tộc của cha hoặc mẹ"]),
    procedure(10, "Đăng ký kết hôn có yếu tố nước ngoài", "ho-tich", C, 10, 1500000, PART, "Giấy chứng nhận kết hôn", ["Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân của người nước ngoài (hợp pháp hóa lãnh sự)", "Giấy khám sức khỏe xác nhận không mắc bệnh tâm thần", "Hộ chiếu của người nước ngoài"], fee_note="Theo mức Hội đồng nhân dân tỉnh quy định"),
    procedure(11, "Đăng ký khai sinh có yếu tố nước ngoài", "ho-tich", C, 3, 0, PART, "Giấy khai sinh", ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Văn bản thỏa thuận chọn quốc tịch cho con " + OPTIONAL]),
]

CERTIFICATION = [
    procedure(12, "Chứng thực di chúc", "chung-thuc", C, 2, 50000, PART, "Di chúc đã chứng thực", ["Dự thảo di chúc", ID_CARD + " của người lập di chúc", "Giấy tờ chứng minh quyền sở hữu tài sản " + OPTIONAL]),
    procedure(13, "Chứng thực văn bản thỏa thuận phân chia di sản", "chung-thuc", C, 3, 50000, PART, "Văn bản thỏa thuận phân chia di sản đã chứng thực", ["Dự thảo văn bản thỏa thuận", "Giấy chứng tử của người để lại di sản", "Giấy tờ chứng minh quan hệ với người để lại di sản", "Giấy tờ về tài sản"]),
    procedure(14, "Chứng thực văn bản khai nhận di sản", "chung-thuc", C, 3, 50000, PART, "Văn bản khai nhận di sản đã chứng thực", ["Dự thảo văn bản khai nhận di sản", "Giấy chứng tử của người để lại di sản", "Giấy tờ về tài sản"]),
    procedure(15, "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", "chung-thuc", C, 2, 30000, PART, "Văn bản sửa đổi, hủy bỏ hợp đồng đã chứng thực", ["Dự thảo văn bản sửa đổi, bổ sung, hủy bỏ", "Hợp đồng, giao dịch đã được chứng thực"]),
    procedure(16, "Chứng thực chữ ký người dịch", "chung-thuc", C, 1, 10000, PART, "Bản dịch đã chứng thực chữ ký người dịch", ["Bản dịch", "Giấy tờ cần dịch", "Bằng cử nhân ngoại ngữ hoặc bằng tốt nghiệp đại học ở nước ngoài của người dịch"], fee_note="10.000 đồng/trường hợp"),
]

RESIDENCE = [
    procedure(17, "Đăng ký thường trú", "cu-tru", C, 7, 20000, FULL, "Thông tin thường trú được cập nhật vào Cơ sở dữ liệu về cư trú", ["Tờ khai thay đổi thông tin cư trú", "Giấy tờ chứng minh chỗ ở hợp pháp", "Văn bản đồng ý của chủ hộ, chủ sở hữu chỗ ở " + OPTIONAL], fee_note="Nộp trực tuyến 10.000 đồng"),
    procedure(18, "Đăng ký tạm trú", "cu-tru", C, 3, 15000, FULL, "Thông tin tạm trú được cập nhật vào Cơ sở dữ liệu về cư trú", ["Tờ khai thay đổi thông tin cư trú", "Giấy tờ chứng minh chỗ ở hợp pháp (hợp đồng thuê nhà)"], fee_note="Nộp trực tuyến 7.000 đồng"),
    procedure(19, "Gia hạn tạm trú", "cu-tru", C, 3, 15000, FULL, "Thời hạn tạm trú được gia hạn", ["Tờ khai thay đổi thông tin cư trú"], fee_note="Nộp trực tuyến 7.000 đồng"),
    procedure(20, "Xóa đăng ký thường trú", "cu-tru", C, 2, 0, FULL, "Thông tin thường trú được xóa", ["Tờ khai thay đổi thông tin cư trú", "Giấy tờ chứng minh thuộc trường hợp xóa đăng ký thường trú"]),
    procedure(21, "Xóa đăng ký tạm trú", "cu-tru", C, 2, 0, FULL, "Thông tin tạm trú được xóa", ["Tờ khai thay đổi thông tin cư trú"]),
    procedure(22, "Tách hộ", "cu-tru", C, 3, 10000, FULL, "Hộ mới được lập trong Cơ sở dữ liệu về cư trú", ["Tờ khai thay đổi thông tin cư trú", "Văn bản đồng ý tách hộ của chủ hộ " + OPTIONAL], fee_note="Nộp trực tuyến 5.000 đồng"),
    procedure(23, "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú", "cu-tru", C, 3, 0, FULL, "Thông tin cư trú được điều chỉnh", ["Tờ khai thay đổi thông tin cư trú", "Giấy tờ chứng minh thông tin thay đổi"]),
    procedure(24, "Khai báo tạm vắng", "cu-tru", C, 1, 0, FULL, "Phiếu khai báo tạm vắng", ["Phiếu khai báo tạm vắng"]),
    procedure(25, "Thông báo lưu trú", "cu-tru", C, 1, 0, FULL, "Thông tin lưu trú được ghi nhận", ["Thông tin người lưu trú (họ tên, số định danh, thời gian lưu trú)"]),
    procedure(26, "Xác nhận thông tin về cư trú", "cu-tru", C, 1, 0, FULL, "Giấy xác nhận thông tin về cư trú", ["Tờ khai thay đổi thông tin cư trú (phần đề nghị xác nhận)"]),
]

IDENTITY = [
    procedure(27, "Cấp thẻ căn cước cho công dân Việt Nam từ đủ 14 tuổi trở lên", "can-cuoc", P, 7, 0, PART, "Thẻ căn cước", ["Thu nhận vân tay, ảnh khuôn mặt, mống mắt tại cơ quan công an"], agency=POLICE, fee_note="Cấp lần đầu không mất lệ phí"),
    procedure(28, "Cấp thẻ căn cước cho người dưới 14 tuổi", "can-cuoc", P, 7, 0, FULL, "Thẻ căn cước", ["Giấy khai sinh hoặc số định danh cá nhân của trẻ", ID_CARD + " của cha, mẹ hoặc người giám hộ"], agency=POLICE),
    procedure(29, "Cấp đổi thẻ căn cước", "can-cuoc", P, 7, 50000, PART, "Thẻ căn cước", ["Thẻ căn cước hoặc thẻ căn cước công dân cũ", "Giấy tờ chứng minh thông tin thay đổi " + OPTIONAL], agency=POLICE, fee_note="Đổi khi hết hạn theo độ tuổi: không mất lệ phí"),
    procedure(30, "Cấp lại thẻ căn cước do bị mất, hư hỏng", "can-cuoc", P, 7, 70000, FULL, "Thẻ căn cước", ["Tờ khai căn cước"], agency=POLICE),
    procedure(31, "Xác nhận số chứng minh nhân dân 9 số, số căn cước công dân cũ", "can-cuoc", P, 3, 0, FULL, "Giấy xác nhận số chứng minh nhân dân, căn cước công dân", ["Tờ khai đề nghị xác nhận", "Bản sao chứng minh nhân dân cũ " + OPTIONAL], agency=POLICE),
    procedure(32, "Cấp tài khoản định danh điện tử mức độ 2", "can-cuoc", P, 3, 0, PART, "Tài khoản định danh điện tử (VNeID) mức độ 2", ["Thẻ căn cước", "Số điện thoại chính chủ"], agency=POLICE),
]

TRAVEL = [
    procedure(33, "Cấp hộ chiếu phổ thông ở trong nước", "xuat-nhap-canh", P, 8, 200000, FULL, "Hộ chiếu phổ thông", ["Tờ khai đề nghị cấp hộ chiếu (mẫu TK01)", "Ảnh chân dung nền trắng", "Hộ chiếu cũ còn giá trị " + OPTIONAL], agency=POLICE, fee_note="Có gắn chíp điện tử 400.000 đồng"),
    procedure(34, "Cấp lại hộ chiếu phổ thông do bị mất, hư hỏng", "xuat-nhap-canh", P, 8, 400000, FULL, "Hộ chiếu phổ thông", ["Tờ khai đề nghị cấp hộ chiếu (mẫu TK01)", "Đơn trình báo mất hộ chiếu", "Ảnh chân dung nền trắng"], agency=POLICE),
    procedure(35, "Trình báo mất hộ chiếu phổ thông", "xuat-nhap-canh", P, 1, 0, FULL, "Thông báo hủy giá trị hộ chiếu", ["Đơn trình báo mất hộ chiếu (mẫu TK05)"], agency=POLICE),
    procedure(36, "Khôi phục giá trị sử dụng hộ chiếu phổ thông", "xuat-nhap-canh", P, 8, 0, PART, "Hộ chiếu được khôi phục giá trị", ["Đơn đề nghị khôi phục giá trị hộ chiếu", "Hộ chiếu đã trình báo mất"], agency=POLICE),
]

ROADS = [
    procedure(37, "Cấp đổi giấy phép lái xe", "duong-bo", P, 5, 135000, FULL, "Giấy phép lái xe", ["Đơn đề nghị đổi giấy phép lái xe", "Giấy khám sức khỏe của người lái xe", "Giấy phép lái xe đang dùng"], agency=TRAFFIC_POLICE),
    procedure(38, "Cấp lại giấy phép lái xe bị mất", "duong-bo", P, 10, 135000, FULL, "Giấy phép lái xe", ["Đơn đề nghị cấp lại giấy phép lái xe", "Giấy khám sức khỏe của người lái xe"], agency=TRAFFIC_POLICE),
    procedure(39, "Đổi giấy phép lái xe do nước ngoài cấp", "duong-bo", P, 5, 135000, PART, "Giấy phép lái xe Việt Nam", ["Đơn đề nghị đổi giấy phép lái xe", "Bản dịch giấy phép lái xe nước ngoài có chứng thực", "Hộ chiếu còn giá trị"], agency=TRAFFIC_POLICE),
    procedure(40, "Cấp giấy phép lái xe quốc tế", "duong-bo", P, 5, 135000, FULL, "Giấy phép lái xe quốc tế (IDP)", ["Đơn đề nghị cấp giấy phép lái xe quốc tế", "Giấy phép lái xe quốc gia còn giá trị"], agency=TRAFFIC_POLICE),
    procedure(41, "Đăng ký, cấp biển số xe mô tô, xe gắn máy lần đầu", "duong-bo", P, 2, 150000, PART, "Chứng nhận đăng ký xe, biển số", ["Giấy khai đăng ký xe", "Hóa đơn mua xe", "Chứng từ nộp lệ phí trước bạ", "Phiếu kiểm tra chất lượng xuất xưởng"], agency=TRAFFIC_POLICE, fee_note="Khu vực thành phố: 1.000.000 đồng"),
    procedure(42, "Đăng ký sang tên xe khi mua bán, cho tặng, thừa kế", "duong-bo", P, 2, 50000, PART, "Chứng nhận đăng ký xe mang tên chủ mới", ["Giấy khai đăng ký xe", "Hợp đồng mua bán, cho tặng hoặc văn bản thừa kế", "Chứng từ nộp lệ phí trước bạ"], agency=TRAFFIC_POLICE),
    procedure(43, "Thu hồi chứng nhận đăng ký, biển số xe", "duong-bo", P, 2, 0, FULL, "Chứng nhận thu hồi đăng ký, biển số xe", ["Giấy khai thu hồi đăng ký, biển số xe", "Chứng nhận đăng ký xe và biển số"], agency=TRAFFIC_POLICE),
]

LAND_MORE = [
    procedure(44, "Cấp đổi giấy chứng nhận quyền sử dụng đất", "dat-dai", P, 7, 50000, PART, "Giấy chứng nhận quyền sử dụng đất mới", ["Đơn đề nghị cấp đổi giấy chứng nhận", "Giấy chứng nhận đã cấp (bản gốc)"], agency=AGRICULTURE, form=LAND),
    procedure(45, "Cấp lại giấy chứng nhận quyền sử dụng đất do bị mất", "dat-dai", P, 10, 50000, PART, "Giấy chứng nhận quyền sử dụng đất", ["Đơn đề nghị cấp lại giấy chứng nhận", "Giấy xác nhận đã niêm yết thông báo mất giấy chứng nhận"], agency=AGRICULTURE, form=LAND),
    procedure(46, "Đính chính giấy chứng nhận quyền sử dụng đất đã cấp", "dat-dai", P, 5, 0, PART, "Giấy chứng nhận đã đính chính", ["Đơn đề nghị đính chính", "Giấy chứng nhận đã cấp có sai sót"], agency=AGRICULTURE, form=LAND),
    procedure(47, "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "dat-dai", P, 1, 80000, PART, "Giấy chứng nhận ghi nội dung đăng ký thế chấp", ["Phiếu yêu cầu đăng ký thế chấp", "Hợp đồng thế chấp", "Giấy chứng nhận (bản gốc)"], agency=AGRICULTURE, form=LAND),
    procedure(48, "Xóa đăng ký thế chấp quyền sử dụng đất", "dat-dai", P, 1, 20000, PART, "Giấy chứng nhận đã xóa nội dung thế chấp", ["Phiếu yêu cầu xóa đăng ký thế chấp", "Văn bản đồng ý xóa thế chấp của bên nhận thế chấp"], agency=AGRICULTURE, form=LAND),
    procedure(49, "Chuyển mục đích sử dụng đất của hộ gia đình, cá nhân", "dat-dai", C, 15, 0, PART, "Quyết định cho phép chuyển mục đích sử dụng đất", ["Đơn xin chuyển mục đích sử dụng đất", "Giấy chứng nhận quyền sử dụng đất"], form=LAND, fee_note="Tiền sử dụng đất tính theo bảng giá đất của tỉnh"),
    procedure(50, "Cung cấp thông tin, dữ liệu đất đai", "dat-dai", P, 2, 0, FULL, "Thông tin thửa đất (trích lục bản đồ, trích sao hồ sơ)", ["Phiếu yêu cầu cung cấp thông tin đất đai"], agency=AGRICULTURE, form=LAND, fee_note="Phí khai thác theo số thửa, số trang"),
    procedure(51, "Hòa giải tranh chấp đất đai", "dat-dai", C, 30, 0, PART, "Biên bản hòa giải tranh chấp đất đai", ["Đơn yêu cầu hòa giải tranh chấp đất đai", "Giấy tờ liên quan đến thửa đất tranh chấp " + OPTIONAL], form=LAND),
]

BUILDING_MORE = [
    procedure(52, "Cấp giấy phép sửa chữa, cải tạo nhà ở riêng lẻ", "xay-dung", C, 15, 75000, FULL, "Giấy phép sửa chữa, cải tạo", ["Đơn đề nghị cấp giấy phép sửa chữa, cải tạo", "Giấy tờ về quyền sử dụng đất và sở hữu nhà", "Ảnh chụp hiện trạng công trình", "Bản vẽ thiết kế sửa chữa"], form=BUILDING),
    procedure(53, "Cấp giấy phép di dời công trình", "xay-dung", C, 15, 75000, PART, "Giấy phép di dời công trình", ["Đơn đề nghị cấp giấy phép di dời", "Bản vẽ tổng mặt bằng nơi đến", "Phương án di dời"], form=BUILDING),
    procedure(54, "Cấp lại giấy phép xây dựng", "xay-dung", C, 5, 15000, FULL, "Giấy phép xây dựng (cấp lại)", ["Đơn đề nghị cấp lại giấy phép xây dựng", "Giấy phép đã cấp (bản bị rách, nát) " + OPTIONAL], form=BUILDING),
    procedure(55, "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, III", "xay-dung", P, 20, 300000, FULL, "Chứng chỉ hành nghề hoạt động xây dựng", ["Đơn đề nghị cấp chứng chỉ hành nghề", "Văn bằng đào tạo", "Bản khai kinh nghiệm công tác chuyên môn", "Ảnh màu 4x6"], agency=CONSTRUCTION),
]

BUSINESSES = [
    procedure(56, "Đăng ký thành lập doanh nghiệp tư nhân", "doanh-nghiep", P, 3, 50000, FULL, "Giấy chứng nhận đăng ký doanh nghiệp", ["Giấy đề nghị đăng ký doanh nghiệp", ID_CARD + " của chủ doanh nghiệp"], agency=FINANCE, form=BUSINESS, fee_note="Đăng ký qua mạng: miễn lệ phí"),
    procedure(57, "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", "doanh-nghiep", P, 3, 50000, FULL, "Giấy chứng nhận đăng ký doanh nghiệp", ["Giấy đề nghị đăng ký doanh nghiệp", "Điều lệ công ty", ID_CARD + " của chủ sở hữu"], agency=FINANCE, form=BUSINESS, fee_note="Đăng ký qua mạng: miễn lệ phí"),
    procedure(58, "Đăng ký thành lập công ty cổ phần", "doanh-nghiep", P, 3, 50000, FULL, "Giấy chứng nhận đăng ký doanh nghiệp", ["Giấy đề nghị đăng ký doanh nghiệp", "Điều lệ công ty", "Danh sách cổ đông sáng lập"], agency=FINANCE, form=BUSINESS, fee_note="Đăng ký qua mạng: miễn lệ phí"),
    procedure(59, "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "doanh-nghiep", P, 3, 50000, FULL, "Giấy chứng nhận đăng ký doanh nghiệp (thay đổi)", ["Thông báo thay đổi nội dung đăng ký doanh nghiệp", "Nghị quyết, quyết định của chủ sở hữu về việc thay đổi"], agency=FINANCE, form=BUSINESS),
    procedure(60, "Thông báo tạm ngừng kinh doanh của doanh nghiệp", "doanh-nghiep", P, 3, 0, FULL, "Giấy xác nhận tạm ngừng kinh doanh", ["Thông báo tạm ngừng kinh doanh", "Nghị quyết, quyết định tạm ngừng kinh doanh"], agency=FINANCE, form=BUSINESS[:2]),
    procedure(61, "Giải thể doanh nghiệp", "doanh-nghiep", P, 5, 0, FULL, "Thông báo tình trạng pháp lý đã giải thể", ["Thông báo về giải thể doanh nghiệp", "Báo cáo thanh lý tài sản, danh sách chủ nợ đã thanh toán", "Xác nhận đã hoàn thành nghĩa vụ thuế"], agency=FINANCE, form=BUSINESS[:2]),
    procedure(62, "Đăng ký thành lập hợp tác xã", "doanh-nghiep", C, 3, 100000, PART, "Giấy chứng nhận đăng ký hợp tác xã", ["Giấy đề nghị đăng ký hợp tác xã", "Điều lệ hợp tác xã", "Phương án sản xuất, kinh doanh", "Danh sách thành viên"], form=BUSINESS),
]

TRADE_AND_FOOD = [
    procedure(63, "Cấp giấy phép bán lẻ rượu", "thuong-mai", C, 10, 200000, FULL, "Giấy phép bán lẻ rượu", ["Đơn đề nghị cấp giấy phép bán lẻ rượu", "Giấy chứng nhận đăng ký hộ kinh doanh hoặc doanh nghiệp", "Văn bản giới thiệu của nhà cung cấp rượu"], form=BUSINESS, fee_note="Tại phường thuộc thành phố: 400.000 đồng"),
    procedure(64, "Cấp giấy phép bán lẻ sản phẩm thuốc lá", "thuong-mai", C, 15, 200000, FULL, "Giấy phép bán lẻ sản phẩm thuốc lá", ["Đơn đề nghị cấp giấy phép bán lẻ thuốc lá", "Giấy chứng nhận đăng ký kinh doanh", "Văn bản giới thiệu của doanh nghiệp bán buôn"], form=BUSINESS, fee_note="Tại phường thuộc thành phố: 400.000 đồng"),
    procedure(65, "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (sản xuất, kinh doanh thực phẩm)", "thuong-mai", P, 20, 1000000, FULL, "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", ["Đơn đề nghị cấp giấy chứng nhận", "Bản thuyết minh về cơ sở vật chất, trang thiết bị", "Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất", "Giấy xác nhận đã được tập huấn kiến thức an toàn thực phẩm"], agency=TRADE, form=BUSINESS, fee_note="Phí thẩm định; cơ sở nhỏ lẻ 500.000 đồng"),
    procedure(66, "Cấp giấy chứng nhận cơ sở kinh doanh dịch vụ ăn uống đủ điều kiện an toàn thực phẩm", "y-te", C, 15, 700000, FULL, "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", ["Đơn đề nghị cấp giấy chứng nhận", "Bản thuyết minh về cơ sở vật chất (quán ăn, nhà hàng, bếp ăn)", "Giấy xác nhận đủ sức khỏe của chủ cơ sở và người chế biến", "Giấy xác nhận kiến thức an toàn thực phẩm"], form=BUSINESS, fee_note="Phục vụ dưới 200 suất ăn: 700.000 đồng; từ 200 suất: 1.000.000 đồng"),
    procedure(67, "Cấp giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu", "thuong-mai", P, 15, 1200000, PART, "Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu", ["Đơn đề nghị cấp giấy chứng nhận", "Giấy chứng nhận đăng ký doanh nghiệp", "Giấy chứng nhận thẩm duyệt thiết kế về phòng cháy chữa cháy"], agency=TRADE, form=BUSINESS),
]

HEALTH_CARE = [
    procedure(68, "Cấp chứng chỉ hành nghề dược", "y-te", P, 20, 500000, FULL, "Chứng chỉ hành nghề dược", ["Đơn đề nghị cấp chứng chỉ hành nghề dược", "Bằng tốt nghiệp chuyên môn về dược", "Giấy xác nhận thời gian thực hành", "Giấy chứng nhận đủ sức khỏe", "Ảnh 4x6"], agency=HEALTH),
    procedure(69, "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược cho nhà thuốc", "y-te", P, 20, 1000000, FULL, "Giấy chứng nhận đủ điều kiện kinh doanh dược", ["Đơn đề nghị cấp giấy chứng nhận", "Chứng chỉ hành nghề dược của người phụ trách chuyên môn", "Tài liệu kỹ thuật về địa điểm, trang thiết bị của nhà thuốc"], agency=HEALTH, form=BUSINESS, fee_note="Phí thẩm định điều kiện kinh doanh dược"),
    procedure(70, "Cấp giấy phép hoạt động đối với phòng khám đa khoa, chuyên khoa", "y-te", P, 30, 3100000, PART, "Giấy phép hoạt động khám bệnh, chữa bệnh", ["Đơn đề nghị cấp giấy phép hoạt động", "Danh sách người hành nghề", "Bản kê khai cơ sở vật chất, thiết bị y tế"], agency=HEALTH, form=BUSINESS),
    procedure(71, "Cấp giấy phép hành nghề khám bệnh, chữa bệnh", "y-te", P, 20, 360000, FULL, "Giấy phép hành nghề khám bệnh, chữa bệnh", ["Đơn đề nghị cấp giấy phép hành nghề", "Văn bằng chuyên môn", "Giấy xác nhận hoàn thành thực hành", "Giấy chứng nhận đủ sức khỏe"], agency=HEALTH),
]

WELFARE = [
    procedure(72, "Trợ cấp xã hội hàng tháng cho người cao tuổi", "bao-tro-xa-hoi", C, 15, 0, FULL, "Quyết định hưởng trợ cấp xã hội hàng tháng", ["Tờ khai đề nghị trợ giúp xã hội (mẫu số 1a)", "Giấy tờ chứng minh độ tuổi (nếu chưa có trong Cơ sở dữ liệu quốc gia về dân cư) " + OPTIONAL]),
    procedure(73, "Xác định mức độ khuyết tật và cấp giấy xác nhận khuyết tật", "bao-tro-xa-hoi", C, 20, 0, PART, "Giấy xác nhận khuyết tật", ["Đơn đề nghị xác định mức độ khuyết tật", "Giấy tờ về khám, điều trị " + OPTIONAL]),
    procedure(74, "Trợ cấp xã hội hàng tháng cho người khuyết tật", "bao-tro-xa-hoi", C, 15, 0, FULL, "Quyết định hưởng trợ cấp xã hội hàng tháng", ["Tờ khai đề nghị trợ giúp xã hội", "Giấy xác nhận khuyết tật"]),
    procedure(75, "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "bao-tro-xa-hoi", C, 3, 0, FULL, "Quyết định hỗ trợ chi phí mai táng", ["Tờ khai đề nghị hỗ trợ chi phí mai táng", "Giấy báo tử hoặc trích lục khai tử"]),
    procedure(76, "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", "bao-tro-xa-hoi", C, 15, 0, PART, "Quyết định công nhận hộ nghèo, hộ cận nghèo và giấy chứng nhận", ["Giấy đề nghị xét duyệt hộ nghèo, hộ cận nghèo"]),
    procedure(77, "Hỗ trợ khẩn cấp về nhà ở cho hộ bị sập, trôi, hư hỏng nặng do thiên tai", "bao-tro-xa-hoi", C, 5, 0, PART, "Quyết định hỗ trợ về nhà ở", ["Tờ khai đề nghị hỗ trợ về nhà ở"]),
    procedure(78, "Trợ cấp nuôi dưỡng trẻ em mồ côi, không có nguồn nuôi dưỡng", "bao-tro-xa-hoi", C, 15, 0, PART, "Quyết định hưởng trợ cấp xã hội hàng tháng", ["Tờ khai đề nghị trợ giúp xã hội", "Giấy khai sinh của trẻ", "Giấy chứng tử của cha, mẹ " + OPTIONAL]),
]

LABOUR = [
    procedure(79, "Giải quyết hưởng trợ cấp thất nghiệp", "lao-dong", P, 20, 0, FULL, "Quyết định hưởng trợ cấp thất nghiệp", ["Đề nghị hưởng trợ cấp thất nghiệp", "Quyết định thôi việc hoặc hợp đồng lao động đã hết hạn", "Sổ bảo hiểm xã hội"], agency=HOME_AFFAIRS),
    procedure(80, "Cấp giấy phép lao động cho người nước ngoài làm việc tại Việt Nam", "lao-dong", P, 10, 600000, FULL, "Giấy phép lao động", ["Văn bản đề nghị cấp giấy phép lao động", "Giấy chứng nhận sức khỏe", "Phiếu lý lịch tư pháp của người nước ngoài", "Văn bản chứng minh là nhà quản lý, chuyên gia hoặc lao động kỹ thuật", "Hộ chiếu"], agency=HOME_AFFAIRS),
    procedure(81, "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "lao-dong", C, 12, 0, PART, "Quyết định trợ cấp thờ cúng liệt sĩ", ["Bản khai đề nghị trợ cấp thờ cúng liệt sĩ", "Văn bản ủy quyền của gia đình liệt sĩ " + OPTIONAL]),
    procedure(82, "Giải quyết chế độ ưu đãi đối với con đẻ của người hoạt động kháng chiến bị nhiễm chất độc hóa học", "lao-dong", P, 20, 0, PART, "Quyết định trợ cấp hàng tháng", ["Bản khai cá nhân", "Giấy xác nhận bệnh tật, dị dạng, dị tật"], agency=HOME_AFFAIRS),
    procedure(83, "Đăng ký nghĩa vụ quân sự lần đầu", "lao-dong", C, 1, 0, PART, "Giấy chứng nhận đăng ký nghĩa vụ quân sự", ["Phiếu tự khai sức khỏe nghĩa vụ quân sự", ID_CARD]),
]

SCHOOLS = [
    procedure(84, "Chuyển trường đối với học sinh trung học cơ sở", "giao-duc", C, 3, 0, FULL, "Quyết định tiếp nhận học sinh", ["Đơn xin chuyển trường của cha, mẹ hoặc người giám hộ", "Học bạ", "Giấy giới thiệu chuyển trường"]),
    procedure(85, "Chuyển trường đối với học sinh trung học phổ thông", "giao-duc", P, 3, 0, FULL, "Quyết định tiếp nhận học sinh", ["Đơn xin chuyển trường", "Học bạ", "Giấy giới thiệu chuyển trường", "Bản sao giấy khai sinh"], agency=EDUCATION),
    procedure(86, "Chỉnh sửa nội dung văn bằng, chứng chỉ", "giao-duc", P, 5, 0, PART, "Quyết định chỉnh sửa văn bằng, chứng chỉ", ["Đơn đề nghị chỉnh sửa văn bằng", "Văn bằng, chứng chỉ đề nghị chỉnh sửa", "Giấy tờ làm căn cứ chỉnh sửa (trích lục cải chính hộ tịch)"], agency=EDUCATION),
    procedure(87, "Cấp giấy chứng nhận đăng ký hoạt động trung tâm ngoại ngữ, tin học", "giao-duc", P, 20, 0, PART, "Quyết định cho phép hoạt động giáo dục", ["Tờ trình đề nghị cho phép hoạt động", "Chương trình, tài liệu giảng dạy", "Danh sách giáo viên"], agency=EDUCATION, form=BUSINESS[:2]),
]

CULTURE_AND_FARMING = [
    procedure(88, "Cấp giấy phép kinh doanh dịch vụ karaoke", "van-hoa", C, 5, 2000000, FULL, "Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke", ["Đơn đề nghị cấp giấy phép", "Giấy chứng nhận đăng ký kinh doanh", "Giấy chứng nhận đủ điều kiện về phòng cháy chữa cháy"], form=BUSINESS, fee_note="Tại phường thuộc thành phố: 4.000.000 đồng cho đến 3 phòng"),
    procedure(89, "Thông báo tổ chức lễ hội", "van-hoa", C, 5, 0, PART, "Văn bản trả lời về việc tổ chức lễ hội", ["Văn bản thông báo tổ chức lễ hội (thời gian, địa điểm, nội dung)"]),
    procedure(90, "Công nhận hạng cơ sở lưu trú du lịch 1 sao, 2 sao", "van-hoa", P, 30, 1500000, PART, "Quyết định công nhận hạng cơ sở lưu trú du lịch", ["Đơn đề nghị công nhận hạng", "Bản tự đánh giá chất lượng theo tiêu chuẩn", "Danh sách người quản lý và nhân viên"], agency=CULTURE, form=BUSINESS),
    procedure(91, "Cấp giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi địa bàn tỉnh", "nong-nghiep", P, 1, 0, PART, "Giấy chứng nhận kiểm dịch động vật", ["Giấy đăng ký kiểm dịch động vật", "Giấy chứng nhận tiêm phòng " + OPTIONAL], agency=AGRICULTURE, fee_note="Phí kiểm dịch theo số lượng con"),
    procedure(92, "Hỗ trợ thiệt hại về cây trồng, vật nuôi do thiên tai, dịch bệnh", "nong-nghiep", C, 10, 0, PART, "Quyết định hỗ trợ thiệt hại", ["Đơn đề nghị hỗ trợ thiệt hại", "Biên bản kiểm tra, xác nhận thiệt hại"]),
    procedure(93, "Đăng ký môi trường của cơ sở sản xuất, kinh doanh", "moi-truong", C, 10, 0, FULL, "Xác nhận đăng ký môi trường", ["Văn bản đăng ký môi trường (mẫu phụ lục XLVII)"], form=BUSINESS[:2]),
    procedure(94, "Cấp giấy phép khai thác nước dưới đất quy mô nhỏ", "moi-truong", P, 30, 400000, PART, "Giấy phép khai thác nước dưới đất", ["Đơn đề nghị cấp giấy phép", "Báo cáo kết quả thi công giếng khai thác", "Kết quả phân tích chất lượng nước"], agency=AGRICULTURE, form=LAND),
    procedure(95, "Yêu cầu trợ giúp pháp lý", "tu-phap", P, 2, 0, FULL, "Văn bản thụ lý yêu cầu trợ giúp pháp lý", ["Đơn yêu cầu trợ giúp pháp lý", "Giấy tờ chứng minh là người được trợ giúp pháp lý (hộ nghèo, người có công …)"], agency=JUSTICE),
]

# fmt: on

MORE: list[dict[str, Any]] = [
    *CIVIL, *CERTIFICATION, *RESIDENCE, *IDENTITY, *TRAVEL, *ROADS, *LAND_MORE,
    *BUILDING_MORE, *BUSINESSES, *TRADE_AND_FOOD, *HEALTH_CARE, *WELFARE, *LABOUR,
    *SCHOOLS, *CULTURE_AND_FARMING,
]  # fmt: skip

MORE_FIELDS = {
    "cu-tru": "Cư trú",
    "can-cuoc": "Căn cước, định danh điện tử",
    "xuat-nhap-canh": "Xuất nhập cảnh",
    "duong-bo": "Giấy phép lái xe, đăng ký xe",
    "doanh-nghiep": "Thành lập và hoạt động doanh nghiệp, hợp tác xã",
    "thuong-mai": "Thương mại, an toàn thực phẩm",
    "y-te": "Y tế, dược",
    "bao-tro-xa-hoi": "Bảo trợ xã hội, giảm nghèo",
    "lao-dong": "Lao động, việc làm, người có công",
    "van-hoa": "Văn hóa, du lịch",
    "nong-nghiep": "Nông nghiệp, thú y",
    "moi-truong": "Môi trường, tài nguyên nước",
}
MORE_FIELD_UNITS = {
    "cu-tru": POLICE,
    "can-cuoc": POLICE,
    "xuat-nhap-canh": POLICE,
    "duong-bo": TRAFFIC_POLICE,
    "doanh-nghiep": FINANCE,
    "thuong-mai": TRADE,
    "y-te": HEALTH,
    "bao-tro-xa-hoi": HEALTH,  # social protection moved to the health departments in 2025
    "lao-dong": HOME_AFFAIRS,
    "van-hoa": CULTURE,
    "nong-nghiep": AGRICULTURE,
    "moi-truong": AGRICULTURE,
}
