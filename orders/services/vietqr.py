"""VietQR: the NAPAS bank-transfer QR payload, an EMVCo merchant-presented TLV string.

Each field is ID (2 digits) + length (2 digits) + value. The payload ends with field 63, the
CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR) of
everything before it including "6304", in 4 upper-case hex digits. Fields used here (NAPAS
VietQR specification, as summarised in /shared/DOMAIN.md):

    00 "01"                     payload format
    01 "12"                     dynamic (an amount for one order); "11" static
    38 { 00 "A000000727"        the NAPAS GUID
         01 { 00 BIN, 01 account }   beneficiary: bank's 6-digit BIN and account number
         02 "QRIBFTTA" }        service: inter-bank fast transfer to an account
    53 "704"                    currency VND (ISO 4217)
    54 amount                   integer VND
    58 "VN"                     country
    62 { 08 reference }         purpose of the transfer: the order number
    63 CRC
"""

from __future__ import annotations

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or len(value) > 99:
        raise ValueError(f"field {tag} cannot hold {len(value)} characters")
    return f"{tag}{len(value):02d}{value}"


def tlv_parse(payload: str) -> dict[str, str]:
    """One level of TLV fields, {tag: value}; raises ValueError on a malformed string."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if len(tag) < 2 or not length.isdigit():
            raise ValueError(f"malformed field at {i}")
        value = payload[i + 4 : i + 4 + int(length)]
        if len(value) != int(length):
            raise ValueError(f"field {tag} is cut short")
        fields[tag] = value
        i += 4 + int(length)
    return fields


def with_crc(body: str) -> str:
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode('utf-8')):04X}"


def vietqr_payload(*, bank_bin: str, account: str, amount: int, reference: str) -> str:
    """The dynamic VietQR payload for transferring `amount` VND to the account, with the
    order number as the transfer's content."""
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", merchant)
        + tlv("53", "704")
        + tlv("54", str(int(amount)))
        + tlv("58", "VN")
        + tlv("62", tlv("08", reference))
    )
    return with_crc(body)
