"""VNPay payment gateway, version 2.1.0: the payment URL and the check of what it sends back.

The shop sends the buyer to VNPAY_URL with `vnp_*` parameters; the parameters, sorted by name,
each value URL-encoded (quote_plus, as in VNPay's own Python sample), joined as `k=v&k=v`, are
signed with HMAC-SHA512 under the terminal's secret (`vnp_SecureHash`, hex). The gateway signs
its return-URL and IPN parameters the same way (without vnp_SecureHash and vnp_SecureHashType).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from django.conf import settings

VERSION = "2.1.0"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # VNPay's dates are GMT+7, whatever TIME_ZONE says
UNSIGNED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})


def signed_data(params: Mapping[str, str]) -> str:
    return "&".join(
        f"{key}={quote_plus(str(params[key]))}"
        for key in sorted(params)
        if key.startswith("vnp_") and key not in UNSIGNED
    )


def sign(params: Mapping[str, str], secret: str | None = None) -> str:
    key = (secret if secret is not None else settings.VNPAY_HASH_SECRET).encode("utf-8")
    return hmac.new(key, signed_data(params).encode("utf-8"), hashlib.sha512).hexdigest()


def signature_valid(params: Mapping[str, str], secret: str | None = None) -> bool:
    given = str(params.get("vnp_SecureHash", ""))
    return bool(given) and hmac.compare_digest(given.lower(), sign(params, secret))


def vnpay_date(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%Y%m%d%H%M%S")


def payment_url(
    *,
    reference: str,
    amount: int,
    description: str,
    client_ip: str,
    created: dt.datetime,
    expires: dt.datetime,
    locale: str = "vn",
) -> str:
    params = {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_Amount": str(int(amount) * 100),  # VNPay counts in 1/100 VND
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": reference,
        "vnp_OrderInfo": description,
        "vnp_OrderType": "other",
        "vnp_Locale": locale,
        "vnp_ReturnUrl": settings.VNPAY_RETURN_URL,
        "vnp_IpAddr": client_ip or "127.0.0.1",
        "vnp_CreateDate": vnpay_date(created),
        "vnp_ExpireDate": vnpay_date(expires),
    }
    query = signed_data(params)
    return f"{settings.VNPAY_URL}?{query}&vnp_SecureHash={sign(params)}"
