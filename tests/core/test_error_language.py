"""Error details speak the language asked for, also when the message is a library's (D117).

DRF ships 21 Vietnamese messages and simplejwt none: a wrong password, a broken token or an
invalid number came in English under a Vietnamese title. core/locale/vi translates them.
"""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.factories import UserFactory

CASES = {
    # name: (vi, en)
    "wrong_password": (
        "Không có tài khoản đang hoạt động nào khớp với thông tin đăng nhập này",
        "No active account found with the given credentials",
    ),
    "broken_token": (
        "Mã xác thực (token) không hợp lệ với bất kỳ loại token nào",
        "Given token not valid for any token type",
    ),
    "invalid_integer": ("Cần một số nguyên hợp lệ.", "A valid integer is required."),
    "required": ("Trường này là bắt buộc.", "This field is required."),
    "page_not_found": ("Trang không hợp lệ.", "Invalid page."),
    "method": ("Phương thức “PUT” không được phép ở đây.", 'Method "PUT" not allowed.'),
}


def _message(name: str, language: str, api_client, vendor_client) -> tuple[int, str]:
    """The status and the message a client sees for each refusal, in `language`."""
    lang = {"HTTP_ACCEPT_LANGUAGE": language}
    if name == "wrong_password":
        user = UserFactory(email="mai@example.vn")
        r = api_client.post(
            "/api/v1/auth/token/", {"email": user.email, "password": "sai-mat-khau"}, **lang
        )
        return r.status_code, r.json()["detail"]
    if name == "broken_token":
        r = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer not-a-token", **lang)
        return r.status_code, r.json()["detail"]
    if name == "invalid_integer":
        r = vendor_client.post("/api/v1/products/", {"price": "nhiều"}, format="json", **lang)
        return r.status_code, r.json()["errors"]["price"][0]
    if name == "required":
        r = api_client.post("/api/v1/auth/token/", {"email": "mai@example.vn"}, **lang)
        return r.status_code, r.json()["errors"]["password"][0]
    if name == "page_not_found":
        r = api_client.get("/api/v1/products/", {"page": 50}, **lang)
        return r.status_code, r.json()["detail"]
    r = vendor_client.put("/api/v1/products/", {}, format="json", **lang)
    return r.status_code, r.json()["detail"]


STATUS = {
    "wrong_password": 401,
    "broken_token": 401,
    "invalid_integer": 400,
    "required": 400,
    "page_not_found": 404,
    "method": 405,
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("language", ["vi", "en"])
def test_library_messages_follow_accept_language(name, language, api_client, vendor_client):
    vi, en = CASES[name]
    status, message = _message(name, language, api_client, vendor_client)
    assert status == STATUS[name]
    assert message == (vi if language == "vi" else en)


def test_not_found_title_and_detail_are_both_vietnamese(db):
    body = client_for().get("/api/v1/products/khong-co/", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert body["title"] == "Không tìm thấy."
    assert body["detail"] == "Không tìm thấy."
