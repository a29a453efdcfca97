from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierStatus(models.IntegerChoices):
    """The ten national dossier statuses (their numbers are the national codes)."""

    NEW = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    IN_PROGRESS = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung")
    FEE_REQUESTED = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWAL_REQUESTED = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    FINISHED = 9, _("Đã xử lý xong")
    RESULT_RETURNED = 10, _("Đã trả kết quả")


# The same statuses in the applicant's words: what it means for them and what to do.
# Officials keep the national names above (reports to the national portal use them).
CITIZEN_STATUS_LABELS = {
    DossierStatus.NEW: _("Đã gửi, chờ tiếp nhận"),
    DossierStatus.RECEIVED: _("Đã được tiếp nhận"),
    DossierStatus.REFUSED: _("Không được tiếp nhận"),
    DossierStatus.IN_PROGRESS: _("Đang xử lý"),
    DossierStatus.SUPPLEMENT_REQUESTED: _("Cần bổ sung giấy tờ"),
    DossierStatus.FEE_REQUESTED: _("Cần nộp phí, lệ phí"),
    DossierStatus.WITHDRAWAL_REQUESTED: _("Đang chờ rút hồ sơ"),
    DossierStatus.STOPPED: _("Đã dừng xử lý"),
    DossierStatus.FINISHED: _("Đã có kết quả"),
    DossierStatus.RESULT_RETURNED: _("Đã nhận kết quả"),
}


class SubmissionChannel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
    POST = "post", _("Qua bưu chính")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class FormFieldType(models.TextChoices):
    TEXT = "text", _("Văn bản ngắn")
    TEXTAREA = "textarea", _("Văn bản dài")
    NUMBER = "number", _("Số")
    DATE = "date", _("Ngày")
    CHOICE = "choice", _("Chọn một")
    CITIZEN_ID = "citizen_id", _("Số định danh cá nhân")
    PHONE = "phone", _("Số điện thoại")
    EMAIL = "email", _("Thư điện tử")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp hồ sơ")
    RECEIVED = "received", _("Đã tiếp nhận")
    REFUSED = "refused", _("Đã từ chối tiếp nhận")
    ASSIGNED = "assigned", _("Đã phân công")
    FORWARDED = "forwarded", _("Đã chuyển bước tiếp theo")
    RETURNED_TO_STEP = "returned", _("Đã trả lại bước trước")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Đã yêu cầu bổ sung")
    SUPPLEMENTED = "supplemented", _("Công dân đã bổ sung")
    FEE_REQUESTED = "fee_requested", _("Đã yêu cầu nộp phí, lệ phí")
    FEE_PAID = "fee_paid", _("Đã nộp phí, lệ phí")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân đã yêu cầu rút hồ sơ")
    STOPPED = "stopped", _("Đã dừng xử lý")
    FINISHED = "finished", _("Đã xử lý xong")
    RESULT_RETURNED = "result_returned", _("Đã trả kết quả")
    APOLOGY_ISSUED = "apology", _("Đã gửi thư xin lỗi, hẹn lại ngày trả")
    RATED = "rated", _("Đã đánh giá mức độ hài lòng")


# The office's own hand-overs: officials see them; the applicant's timeline does not.
INTERNAL_EVENTS = (EventKind.ASSIGNED, EventKind.FORWARDED, EventKind.RETURNED_TO_STEP)


class DocumentKind(models.TextChoices):
    SUBMITTED = "submitted", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Bổ sung")
    RESULT = "result", _("Kết quả")
    APOLOGY = "apology", _("Thư xin lỗi")
    RECEIPT = "receipt", _("Biên lai")
    INTAKE = "intake", _("Giấy tiếp nhận và hẹn trả kết quả")


class Satisfaction(models.IntegerChoices):
    """The five national satisfaction levels."""

    VERY_SATISFIED = 5, _("Rất hài lòng")
    SATISFIED = 4, _("Hài lòng")
    ACCEPTABLE = 3, _("Chấp nhận được")
    DISSATISFIED = 2, _("Không hài lòng")
    VERY_DISSATISFIED = 1, _("Rất không hài lòng")
