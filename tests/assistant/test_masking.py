"""Personal data out of the question log: a table of what people type."""

from __future__ import annotations

import pytest

from tinhso.assistant.masking import mask


@pytest.mark.parametrize(
    ("question", "logged"),
    [
        (
            "Tôi là Nguyễn Văn An, sđt 0912 345 678, muốn làm lại CCCD số 079123456789",
            "Tôi là [tên], sđt [số], muốn làm lại CCCD số [số]",
        ),
        ("ten toi la tran thi binh muon dang ky ket hon", "ten toi la [tên] muon dang ky ket hon"),
        ("họ tên: ngô bảo châu, hỏi về hộ chiếu", "họ tên: [tên], hỏi về hộ chiếu"),
        ("Bà Lê Thị Hoa mất rồi thì làm khai tử ở đâu", "Bà [tên] mất rồi thì làm khai tử ở đâu"),
        ("xe 51F-123.45 bị phạt nguội", "xe [số] bị phạt nguội"),
        ("email an.nguyen@gmail.com hỏi về hộ chiếu", "email [email] hỏi về hộ chiếu"),
        ("con sinh năm 2019 học lớp 7", "con sinh năm [số] học lớp 7"),
        ("+84 912 345 678 gọi lại giúp", "[số] gọi lại giúp"),
        # Nothing personal: unchanged, short numbers included.
        ("lệ phí trước bạ bao nhiêu", "lệ phí trước bạ bao nhiêu"),
        ("làm giấy khai sinh cho con dưới 6 tuổi", "làm giấy khai sinh cho con dưới 6 tuổi"),
        ("đăng ký hộ kinh doanh", "đăng ký hộ kinh doanh"),
    ],
)
def test_numbers_and_names_are_masked(question, logged):
    assert mask(question) == logged
