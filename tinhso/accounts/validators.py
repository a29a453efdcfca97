"""Validation of Vietnamese identifiers and of passwords."""

from __future__ import annotations

import datetime
import re
from typing import Any

import phonenumbers
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CITIZEN_ID_RE = re.compile(r"^\d{12}$")

# Province codes used in the first 3 digits of a 12-digit citizen ID
# (Circular 07/2016/TT-BCA, amended): 001–096, not every number is used.
_CITIZEN_ID_PROVINCES = {
    1,
    2,
    4,
    6,
    8,
    10,
    11,
    12,
    14,
    15,
    17,
    19,
    20,
    22,
    24,
    25,
    26,
    27,
    30,
    31,
    33,
    34,
    35,
    36,
    37,
    38,
    40,
    42,
    44,
    45,
    46,
    48,
    49,
    51,
    52,
    54,
    56,
    58,
    60,
    62,
    64,
    66,
    67,
    68,
    70,
    72,
    74,
    75,
    77,
    79,
    80,
    82,
    83,
    84,
    86,
    87,
    89,
    91,
    92,
    93,
    94,
    95,
    96,
}


def validate_citizen_id(value: str) -> None:
    """A 12-digit citizen ID (CCCD): province code, sex/century digit, birth year."""
    if not CITIZEN_ID_RE.match(value or ""):
        raise ValidationError(_("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="format")
    if int(value[:3]) not in _CITIZEN_ID_PROVINCES:
        raise ValidationError(
            _("Ba số đầu của số định danh không phải mã tỉnh hợp lệ."), code="province"
        )
    # Digit 4 encodes sex and century (0/1: 1900s, 2/3: 2000s); digits 5–6 the
    # last two digits of the birth year, which cannot lie in the future.
    century = {"0": 1900, "1": 1900, "2": 2000, "3": 2000}.get(value[3])
    if century is None or century + int(value[4:6]) > datetime.date.today().year:
        raise ValidationError(
            _("Số định danh không hợp lệ (mã thế kỷ, giới tính hoặc năm sinh sai)."),
            code="birth_year",
        )


def normalize_phone(value: str) -> str:
    """Return +84… (E.164) for a Vietnamese mobile number or raise ValidationError."""
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number)
        not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
    ):
        raise ValidationError(
            _("Số điện thoại di động không hợp lệ (ví dụ 0912 345 678)."), code="phone"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class LocalCommonPasswordValidator:
    """Refuse the passwords Vietnamese offices actually use by default.

    Django's list is English-centred; the seeds name "default passwords" as the
    problem, so we add the local ones (and the platform's own name).
    """

    WORDS = (
        "matkhau",
        "mat khau",
        "123456a@",
        "abc@123",
        "admin@123",
        "tinhso",
        "tinh so",
        "vietnam",
        "viet nam",
        "hanoi",
        "saigon",
        "ubnd",
        "motcua",
        "mot cua",
        "congan",
        "password@123",
        "qwerty@123",
        "123@abc",
        "a123456",
        "abc123456",
    )

    def validate(self, password: str, user: Any = None) -> None:
        flat = password.lower().replace(" ", "")
        for word in self.WORDS:
            if word.replace(" ", "") in flat and len(flat) - len(word.replace(" ", "")) < 6:
                raise ValidationError(
                    _("Mật khẩu quá dễ đoán (giống mật khẩu mặc định hay dùng)."),
                    code="password_too_common",
                )

    def get_help_text(self) -> str:
        return _("Không dùng mật khẩu mặc định như “Matkhau@123” hay tên cơ quan.")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with messages in our catalogue: its Vietnamese one lags behind."""

    def get_error_message(self) -> str:
        return _("Mật khẩu quá ngắn: cần ít nhất %(n)d ký tự.") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(n)d ký tự.") % {"n": self.min_length}
