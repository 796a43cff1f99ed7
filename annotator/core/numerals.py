"""Chinese numerals as numbers: 一千二百三十四 → 1234, 两万 → 20000, 二〇二三 → 2023, 十四 → 14, 三点五 → 3.5.

Scale words above 万 (万, 亿, 万亿, 兆) are not read here: the figure parser keeps them apart as the
figure's scale, as the codebook records it.
"""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
DIGITS_CN = "".join(DIGITS)
NUMERAL_CHARS = DIGITS_CN + "".join(UNITS) + "点"


def chinese_int(text: str) -> int | None:
    """An integer below 10,000 written in Chinese numerals, or None when `text` is not one.

    Positional (二〇二三) and unit forms (一千二百三十四, 十四, 二十, 一百零五) are both read."""
    if not text or any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):
        if len(text) == 1 or text[0] not in "零〇○":
            value = 0
            for ch in text:
                value = value * 10 + DIGITS[ch]
            return value
        return None
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] and digit:  # two digits in a row in a unit form: not a numeral
                return None
            digit = DIGITS[ch]
        else:
            unit = UNITS[ch]
            total += (1 if digit is None else digit) * unit
            digit = None
    if digit:
        total += digit
    return total


def chinese_number(text: str) -> float | None:
    """Like `chinese_int`, with a decimal part after 点 (三点五 → 3.5)."""
    whole, _, fraction = text.partition("点")
    number = chinese_int(whole)
    if number is None:
        return None
    if not fraction:
        return float(number)
    if any(ch not in DIGITS for ch in fraction):
        return None
    return float(f"{number}.{''.join(str(DIGITS[ch]) for ch in fraction)}")
