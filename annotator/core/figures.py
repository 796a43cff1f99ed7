"""The figures in Chinese news text, found and normalised (DESIGN §2, §4): "42.07万亿元" is 42.07 × 万亿 元
(CNY), 42,070,000,000,000 in base units; "近六成" is about 60%; "9000亿至9700亿元" a range; with the
comparison (同比, 环比), the direction of change (增长, 下降) and the period it is about (2022年, 上半年,
1至7月, resolved against the publication date).

What counts as a figure: a number with a unit, a scale word or a percentage sign (money, counts with a
measure word, percentages, percentage points, multiples, physical quantities). Not figures: years, dates
and times (they are periods), ordinals (第三), model and product numbers (天玑9400, iPhone 16), stock codes,
and a lone Chinese numeral with a measure word (一座, 两家: words, not statistics).

Traditional text is parsed through its simplified conversion and the spans mapped back, so an article and
its conversion give the same figures. Offsets are code points into the text given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from annotator.core.numerals import DIGITS, DIGITS_CN, NUMERAL_CHARS, chinese_number
from annotator.core.periods import Period, find_periods
from annotator.core.text.conversion import converted
from annotator.core.text.script import detect_script

SCALES = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "兆": 1e12,  # Taiwan: 1.99兆元 is 1.99 trillion (兆瓦, 兆赫 are units, matched before)
}
# Scales the default codebook's choice field names; the others are folded into the value (千亿 → 1000 亿).
CODEBOOK_SCALES = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "十万": 1e5, "百万": 1e6, "千万": 1e7, "亿": 1e8, "万亿": 1e12}

CURRENCIES = {  # unit as written (simplified) -> ISO code; 元 is decided by the document (see `parse`)
    "元人民币": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "新台币": "TWD",
    "台币": "TWD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "日圆": "JPY",
    "韩元": "KRW",
    "英镑": "GBP",
    "元": None,
}
PERCENT_UNITS = {"%": 1, "％": 1, "成": 10}
# Measure words and units after a number. Longer first so that the regex prefers them.
UNITS = sorted(
    {
        *CURRENCIES,
        *"""个百分点 百分点 个基点 基点 个季度 倍 人次 万人次 人 名 位 家 户 个 件 单 项 辆 台 座 架 艘 部 款 条 所 颗
        片 张 股 篇 场 次 批 笔 套 根 只 头 支 吨公里 吨 公斤 千克 克 桶 立方米 平方公里 平方米 亩 公顷 公里 千米 米 厘米
        毫米 纳米 奈米 千瓦时 千瓦 兆瓦 吉瓦 瓦 兆赫 赫兹 小时 分钟 秒 天 周 岁 分 GB TB MB PB mm2 mm² GHz MHz Hz TOPS W
        kW mm nm km""".split(),
    },
    key=len,
    reverse=True,
)
APPROX_BEFORE = {
    "大约": "about",
    "约合": "about",
    "折合约": "about",
    "约": "about",
    "将近": "about",
    "接近": "about",
    "近": "about",
    "超过": "over",
    "超": "over",
    "逾": "over",
    "突破": "over",
    "多于": "over",
    "高于": "over",
    "至少": "over",
    "不足": "under",
    "不到": "under",
    "低于": "under",
    "少于": "under",
    "最多": "under",
    "最高": "under",
}
_APPROX_LONGEST_FIRST = sorted(APPROX_BEFORE.items(), key=lambda kv: -len(kv[0]))
# Where a one-character approximation word is the end of another word: 签约13个, 节约30%, 最近3年.
_NOT_APPROX = {
    "约": ("签", "节", "预", "制", "违", "履", "条", "契", "合", "公", "特", "婚"),
    "近": ("最", "附", "靠", "亲"),
}
_CURRENCY_AHEAD = "人民币|新台币|台币|美元|港币|港元|欧元|日元"
APPROX_AFTER = {"左右": "about", "上下": "about", "以上": "over", "之多": "over", "以下": "under", "以内": "under"}
INCREASE = tuple("加息 增长 增加 提升 提高 上涨 上升 回升 增 扩大 加快 成长 扬升 上扬 升".split())
DECREASE = tuple("降息 下降 减少 下跌 降低 回落 下滑 减 衰退 暴跌 崩跌 下调 降 跌".split())
YEAR_ON_YEAR = tuple(
    "同比 去年同期 上年同期 较去年同期 比去年同期 较上年同期 比上年同期 比上年 比去年 较去年 年增 年减 年成长".split()
)
SEQUENTIAL = tuple("环比 比上月 较上月 季增 季减 比上季".split())

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = rf"[{NUMERAL_CHARS}]*[{DIGITS_CN}十百千][{NUMERAL_CHARS}]*"
_NUMBER = rf"(?:{_ARABIC}|{_CHINESE})"
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in UNITS)
_FIGURE = re.compile(
    rf"""
    (?P<number>{_NUMBER})
    (?:\s*(?P<more>[多余几])(?=\s*(?:{_SCALE}|{_UNIT})))?
    (?:\s*(?P<scale>{_SCALE}))?
    (?:\s*(?P<more2>[多余])(?=\s*(?:{_UNIT})))?
    (?:\s*(?P<unit>{_UNIT}|%|％|成(?P<tenth>[{DIGITS_CN}])?))?
    """,
    re.VERBOSE,
)
_YEARLY = re.compile("|".join(YEAR_ON_YEAR))
_SEQUENTIAL = re.compile("|".join(SEQUENTIAL) + r"|[较比](?:\d{1,2}|[一二三四五六七八九十]{1,2})月")
_RANGE_JOIN = re.compile(r"\s*(?:至|到|~|～|-|－|—|–)\s*$")
_PERCENT_WORDS = re.compile(rf"百分之(?P<number>{_NUMBER})")


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    value: float  # the number as written, in the stated scale and unit (42.07 for 42.07万亿元)
    written: str  # the number as written ("42.07", "9000至9700", "六")
    scale: str | None  # 万, 亿, 万亿, … as written
    unit: str | None  # 元, 美元, %, 成, 个百分点, 倍, 辆, …
    currency: str | None  # CNY, USD, TWD, HKD, EUR, JPY, KRW, GBP
    normalised: float  # in base units: yuan, percent (成 × 10), the unit itself
    approximation: str = "exact"  # exact, about, over, under, range
    upper_value: float | None = None  # for ranges, in the same scale and unit as `value`
    comparison: str = "none"  # none, year_on_year, month_on_month
    change: str | None = None  # increase or decrease, when a verb of change leads to the figure
    period: str | None = None  # the codebook's period form, when the sentence names one

    def fields(self) -> dict[str, Any]:
        """The default codebook's figure fields, filled from this figure (for pre-filling a form)."""
        value, scale = self.value, self.scale
        if scale is not None and scale not in CODEBOOK_SCALES:
            value, scale = _fold_scale(self.value, scale)
        out: dict[str, Any] = {"value": self.written, "normalised_value": _tidy(self.normalised)}
        if scale:
            out["scale"] = scale
        if self.unit:
            out["unit"] = self.unit
        if self.currency:
            out["currency"] = self.currency
        if self.approximation != "exact":
            out["approximation"] = self.approximation
        if self.upper_value is not None:
            out["upper_value"] = _tidy(self.upper_value)
        if self.comparison != "none":
            out["comparison"] = self.comparison
        if self.period:
            out["period"] = self.period
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": _tidy(self.value),
            "written": self.written,
            "scale": self.scale,
            "unit": self.unit,
            "currency": self.currency,
            "normalised_value": _tidy(self.normalised),
            "approximation": self.approximation,
            "upper_value": _tidy(self.upper_value) if self.upper_value is not None else None,
            "comparison": self.comparison,
            "change": self.change,
            "period": self.period,
        }


def _times(value: float, *factors: float) -> float | int:
    """value × factors computed in decimal, as written: 1,318.13 × 1e8 is 131813000000 exactly, where floats
    give 131813000000.00002 (which was stored and exported)."""
    product = Decimal(repr(value))
    for factor in factors:
        product *= Decimal(repr(factor))
    return int(product) if product == product.to_integral_value() else float(product)


def _tidy(number: float) -> float | int:
    """Whole numbers as ints (175800000000, not 1.758e11), others rounded off float noise."""
    rounded = round(number, 6)
    return int(rounded) if rounded == int(rounded) and abs(rounded) < 1e18 else rounded


def _fold_scale(value: float, scale: str) -> tuple[float, str]:
    """千亿 → 1000 × 亿, 兆 → 万亿: a scale the codebook lists, the value adjusted to it."""
    factor = SCALES[scale]
    for name, size in sorted(CODEBOOK_SCALES.items(), key=lambda kv: -kv[1]):
        if size <= factor:
            return _times(value, factor / size), name
    return value, scale


def parse(
    text: str, published: date | str | None = None, *, yuan: str | None = None, script: str | None = None
) -> list[Figure]:
    """The figures in `text`, in order. `published` (a date or ISO string) resolves relative periods;
    `yuan` is the currency of a bare 元 (default: TWD in traditional text, CNY otherwise); `script`, when
    the caller knows it (documents store theirs), saves detecting it."""
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published[:10])
        except ValueError:
            published = None
    script = script or detect_script(text)
    if yuan is None:
        yuan = "TWD" if script == "traditional" else "CNY"
    if script in ("traditional", "mixed"):
        view = converted(text, "t2s")
        figures = _parse_simplified(view.text, published, yuan)
        return [_mapped(f, view, text) for f in figures]
    return _parse_simplified(text, published, yuan)


def _mapped(figure: Figure, view, source: str) -> Figure:
    start, end = view.to_source(figure.start), view.to_source(figure.end, end=True)
    return Figure(**{**figure.__dict__, "start": start, "end": end, "text": source[start:end]})


def _parse_simplified(text: str, published: date | None, yuan: str) -> list[Figure]:
    working = text.translate(_FULL_WIDTH)  # same length: offsets stay
    periods = [p for p in find_periods(working, published) if not _is_comparison_base(working, p)]
    figures: list[Figure] = []
    for match in _FIGURE.finditer(working):
        figure = _figure(working, match, yuan)
        if figure is None:
            continue
        if figures and _joins_range(working, figures[-1], figure):
            figure = _as_range(working, figures.pop(), figure)
        figures.append(figure)
    figures += [f for f in _percent_words(working) if not any(f.start < g.end and g.start < f.end for g in figures)]
    figures.sort(key=lambda f: f.start)
    figures = _share_units(working, _bare_range_starts(working, figures), yuan)
    # 前5个月, 1至7月: a number inside a period is part of the period, not a figure.
    starts = [p.start for p in periods]
    figures = [f for f in figures if not _inside(periods, starts, f.start)]
    period_ends, figure_ends = [p.end for p in periods], [f.end for f in figures]
    sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(working)]
    placed = [_in_context(working, f, periods, period_ends, figure_ends, sentence_starts) for f in figures]
    # the spans as written (full-width digits and all), not as the working copy reads them
    return [replace(f, text=text[f.start : f.end]) for f in _inherit_in_lists(working, placed)]


def _inherit_in_lists(text: str, figures: list[Figure]) -> list[Figure]:
    """ "分别增长15%、5.6%、3.7%", "同比分别增长27.7%和26.2%": the figures of a list share the change and
    comparison said before the first."""
    out: list[Figure] = []
    for figure in figures:
        previous = out[-1] if out else None
        joined = previous is not None and re.fullmatch(r"\s*(?:、|和|与|及|,|，)\s*", text[previous.end : figure.start])
        if joined and figure.unit == previous.unit and figure.change is None and figure.comparison == "none":
            figure = Figure(**{**figure.__dict__, "change": previous.change, "comparison": previous.comparison})
        out.append(figure)
    return out


def _figure(text: str, match: re.Match, yuan: str) -> Figure | None:
    number, scale, unit = match["number"], match["scale"], match["unit"]
    start, end = match.start(), match.end()
    if not scale and not unit:
        return None
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    chinese = not number[0].isdigit()
    if before and (before.isdigit() or before == "." or (before.isascii() and before.isalpha()) or before in "第＃#"):
        return None  # the tail of a longer number, a model number (X200, M4) or an ordinal
    if unit and unit.isascii() and unit.isalpha() and after.isascii() and after.isalpha():
        return None  # an ASCII unit running on into a word: "10 Windows" is not 10 W
    if unit == "分" and (chinese or text.startswith(("之", "钟"), end)):
        return None  # 十分 (very), 百分之, 3分钟 are not scores
    if unit == "个" and text[end:].lstrip().startswith("月"):
        return None  # 12个月: a duration in months (前5个月 is a period)
    if unit == "成" and chinese is False and not _percent_context(text, start):
        return None  # 4成 is 40%, but 成 after a number is also 成本/成交: only where it reads as a share
    if chinese:
        value = chinese_number(number)
        if value is None:
            return None
        if before and before in "数几":
            return None  # 数十项, 几百个: vague counts
        if len(number) == 1 and not scale and unit[:1] not in ("成", "倍", *PERCENT_UNITS) and number not in "十百千":
            return None  # 一座, 两家: a word, not a statistic
        if number in ("百", "千") and not scale and unit in (None, "成"):
            return None
    else:
        value = float(number.replace(",", ""))
    if unit and unit.startswith("成"):
        value = value + (DIGITS[match["tenth"]] / 10 if match["tenth"] else 0)
        unit_name = "成"
    else:
        unit_name = unit
    if unit_name is None and scale in ("千", "百", "十"):
        return None  # 3千 without a unit: rare as a figure, common in names
    approximation = "over" if match["more"] or match["more2"] else "exact"
    currency = CURRENCIES.get(unit_name)
    if unit_name == "元":
        currency = yuan
    factor = SCALES.get(scale, 1) if scale else 1
    normalised = _times(value, factor, PERCENT_UNITS.get(unit_name, 1) if unit_name == "成" else 1)
    written = number.replace(",", "") if not chinese else number
    return Figure(start, end, text[start:end], value, written, scale, unit_name, currency, normalised, approximation)


def _percent_context(text: str, start: int) -> bool:
    """ "4成" as a share: preceded by a word of share or approximation (近4成, 占4成, 降低4成)."""
    lead = text[max(0, start - 4) : start]
    return any(word in lead for word in ("近", "约", "逾", "超", "占", "降低", "提升", "增长", "减少", "下降", "达", "过"))


def _percent_words(text: str) -> list[Figure]:
    """百分之十五, 百分之3.5: percentages written out."""
    found = []
    for match in _PERCENT_WORDS.finditer(text):
        number = match["number"]
        value = float(number) if number[0].isdigit() else chinese_number(number)
        if value is not None:
            found.append(Figure(match.start(), match.end(), match.group(0), value, number, None, "%", None, value, "exact"))
    return found


def _joins_range(text: str, first: Figure, second: Figure) -> bool:
    between = text[first.end : second.start]
    if not _RANGE_JOIN.match(between) or not between.strip():
        return False
    compatible_units = first.unit in (None, second.unit) or (first.unit in PERCENT_UNITS and second.unit in PERCENT_UNITS)
    return (
        compatible_units
        and first.scale in (None, second.scale)
        and first.value
        <= second.value * (SCALES.get(second.scale, 1) / SCALES.get(first.scale or second.scale, 1) if second.scale else 1)
    )


def _as_range(text: str, first: Figure, second: Figure) -> Figure:
    """ "9000亿至9700亿元", "3-5%", "1100到1300元": one figure from the lower to the upper value."""
    joiner = text[first.end : second.start].strip()
    return Figure(
        first.start,
        second.end,
        text[first.start : second.end],
        first.value,
        f"{first.written}{joiner}{second.written}",
        second.scale,
        second.unit,
        second.currency,
        _times(first.value, SCALES.get(second.scale, 1), 10 if second.unit == "成" else 1),
        "range",
        second.value,
    )


def _bare_range_starts(text: str, figures: list[Figure]) -> list[Figure]:
    """ "1100到1300元", "6～7％", "5100至6000元": a bare number joined to a figure by a range word starts
    a range in that figure's scale and unit."""
    out = []
    for figure in figures:
        lead = re.search(
            rf"(?<![\d.,A-Za-z]){_ARABIC}\s*(?:至|到|~|～|-|－|—|–)\s*$", text[max(0, figure.start - 24) : figure.start]
        )
        if figure.approximation == "range" or lead is None or figure.unit is None:
            out.append(figure)
            continue
        start = figure.start - len(lead.group(0))
        number = re.match(_ARABIC, lead.group(0)).group(0)
        low = float(number.replace(",", ""))
        if low >= figure.value:  # 2023-2024: not a range of this figure
            out.append(figure)
            continue
        factor = SCALES.get(figure.scale, 1) * (10 if figure.unit == "成" else 1)
        joiner = lead.group(0)[len(number) :].strip()
        out.append(
            Figure(
                **{
                    **figure.__dict__,
                    "start": start,
                    "text": text[start : figure.end],
                    "value": low,
                    "written": f"{number.replace(',', '')}{joiner}{figure.written}",
                    "normalised": _times(low, factor),
                    "approximation": "range",
                    "upper_value": figure.value,
                }
            )
        )
    return out


def _share_units(text: str, figures: list[Figure], yuan: str) -> list[Figure]:
    """ "3.2和2.7个百分点": a bare number joined by 和/、 to a figure is of the same scale and unit."""
    out = list(figures)
    for match in re.finditer(rf"(?<![\d.]){_ARABIC}(?=\s*(?:和|、|与|及)\s*)", text):
        following = next((f for f in figures if f.start > match.end()), None)
        if following is None or any(f.start <= match.start() < f.end for f in figures):
            continue
        joiner = text[match.end() : following.start]
        if not re.fullmatch(r"\s*(?:和|、|与|及)\s*", joiner) or following.unit is None:
            continue
        if match.start() and (
            text[match.start() - 1].isascii() and text[match.start() - 1].isalpha() or text[match.start() - 1] in "第"
        ):
            continue
        value = float(match.group(0).replace(",", ""))
        normalised = _times(value, SCALES.get(following.scale, 1), 10 if following.unit == "成" else 1)
        out.append(
            Figure(
                match.start(),
                match.end(),
                match.group(0),
                value,
                match.group(0),
                following.scale,
                following.unit,
                following.currency,
                normalised,
            )
        )
    return sorted(out, key=lambda f: f.start)


def _is_comparison_base(text: str, period: Period) -> bool:
    """ "比2021年增长", "较去年同期": the period a figure is compared with, not the one it is about."""
    lead = text[max(0, period.start - 1) : period.start]
    lead2 = text[max(0, period.start - 2) : period.start]
    # 继于上半年…后: a period the figure comes after, not the one it is about
    return lead in ("比", "较", "继") or lead2 == "继于" or text.startswith("同期", period.end)


def _inside(periods: list[Period], starts: list[int], position: int) -> bool:
    last = bisect_right(starts, position) - 1
    return last >= 0 and position < periods[last].end


_SENTENCE_END = re.compile(r"[。！？!?\n；;]")


def _in_context(
    text: str,
    figure: Figure,
    periods: list[Period],
    period_ends: list[int],
    figure_ends: list[int],
    sentence_starts: list[int],
) -> Figure:
    """Approximation, change, comparison and period from the words around the figure (the lists hold the
    ends of all periods and figures and the starts of all sentences, in text order)."""
    sentence = sentence_starts[bisect_right(sentence_starts, figure.start) - 1]
    lead = text[sentence : figure.start]
    approximation = figure.approximation
    # 约为, 超过了, 折合约台币: the approximation word before a verb or a currency named ahead of the number
    close = lead[-16:]  # the words right before the figure (anchored patterns on a whole sentence are slow)
    near = re.sub(rf"(?:为|是|达到|达|了|{_CURRENCY_AHEAD}|\s)+$", "", close)
    for word, kind in _APPROX_LONGEST_FIRST:
        if near.endswith(word) and approximation != "range" and not near[: -len(word)].endswith(_NOT_APPROX.get(word, ())):
            approximation = kind
            break
    else:
        if approximation == "exact" and re.search(r"(?:最高|最多)[^，,。；;、\d]{0,3}可?$", near):
            approximation = "under"  # 最高频率可达3.62GHz: up to
    tail = text[figure.end : figure.end + 3]
    for word, kind in APPROX_AFTER.items():
        if tail.startswith(word) and approximation != "range":
            approximation = kind
    trimmed = re.sub(r"(?:约|近|超过|超|逾|了|分别|均|达到|达|为|至|到|\s)+$", "", close)
    change = None
    if not re.search(r"(?:至|到)\s*$", re.sub(r"(?:约|近|超过|超|逾|\s)+$", "", close)):
        if trimmed.endswith(DECREASE) or trimmed.endswith("微降"):
            change = "decrease"
        elif trimmed.endswith(INCREASE):
            change = "increase"
    # A comparison is said between the previous figure of the sentence (or its start) and this one.
    before = bisect_right(figure_ends, figure.start)
    since = max(sentence, figure_ends[before - 1]) if before else sentence
    scope = text[since : figure.start]
    # …同比下降，环比增长4.3%: the comparison said last before the figure is its own.
    yearly = max((m.start() for m in _YEARLY.finditer(scope)), default=-1)
    sequential = max((m.start() for m in _SEQUENTIAL.finditer(scope)), default=-1)
    comparison = "none" if max(yearly, sequential) < 0 else "year_on_year" if yearly > sequential else "month_on_month"
    # The period named last before the figure in its paragraph (its own sentence's, when it names one):
    # "2022年，…。其中，出口23.97万亿元" is still about 2022.
    paragraph = text.rfind("\n", 0, figure.start) + 1
    last = bisect_right(period_ends, figure.start) - 1
    period = periods[last] if last >= 0 and periods[last].start >= paragraph else None
    return Figure(
        **{
            **figure.__dict__,
            "approximation": approximation,
            "change": change,
            "comparison": comparison,
            "period": period.value if period else None,
        }
    )


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
