"""Stakeholders in an article nobody has coded: names found by their shape, with no registry and no earlier
annotations to learn from.

The text (simplified) is segmented by jieba, whose dictionary and part-of-speech tags ship inside its
package (nothing is downloaded), and read with patterns of Chinese news writing:

- organisations: words ending in what names a body (总署, 银行, 集团, 协会, 委员会…, or jieba's `nt`), with
  the name words before them (国家金融监督管理总局, 中国汽车工业协会);
- people: a title and the name after it (发言人卡纳尼, 总经理廖仁祥, 创办人Michael Dell), with the body
  before the title (伊朗外交部发言人卡纳尼), a title standing for a person (海关总署相关负责人), and every
  later mention of a name found so;
- countries, provinces and cities (jieba's `ns`) acting or acted upon, not a place something is in
  (在武汉…, 苏丹境内);
- unnamed sources and groups (知情人士, 业界, 消费者, 企业客户, 中小型银行…);
- Latin names: an alias in brackets after a name (超微（AMD）), a stock-coded company (英特尔 (INTC-US)),
  a Latin name followed by a verb of saying.

Each candidate carries how it was found, for the coder to see. jieba's dictionary takes about half a
second to load: `warm()` loads it on another thread, and `ready()` says when it is there, so a window never
waits for it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from annotator.core import saying

ORGANISATION_ENDS = tuple(
    """总署 总局 银行 集团 公司 协会 学会 商会 委员会 委 联合会 办公室 新闻办 办 署 局 部 厅 院 研究院 研究所
    中心 机构 组织 联盟 基金会 交易所 法院 检察院 政府 大学 学院 医院 难民署 储备委员会 美联储 证监会
    银保监会 监管总局 工厂 厂 电视台 日报 通讯社 时报 部队 武装部队""".split()
)
NOT_ORGANISATIONS = tuple(
    """发布会 新闻发布会 吹风会 大会 论坛 会议 峰会 博览会 展会 晚会 例会 部分 全部 内部 外部 东部 西部 南部
    北部 中部 局面 大局 格局 结局 布局 当局 产业园 创新中心 科学中心 数据中心 中心城市 网络 互联网 上网
    充电网 联网 办法 举办 创办 主办 承办 机构投资者 开好局 工厂 现有工厂""".split()
)
_ENDING = re.compile(f"(?:{'|'.join(sorted(ORGANISATION_ENDS, key=len, reverse=True))})$")
# Endings that name any body: a name ending in one needs a proper name in it (国际评级机构 is no name).
GENERIC_ENDS = frozenset("机构 公司 组织 集团 企业 中心 工厂 厂 政府 部门 协会 联盟 银行".split())
_PROPER_FLAGS = frozenset("ns nr nz nt j eng nrt nrfg".split())
TITLES = tuple(
    """负责人 发言人 新闻发言人 总经理 副总经理 董事长 副董事长 总裁 副总裁 首席执行官 执行长 首席经济学家 经济学家
    部长 副部长 主席 副主席 总统 副总统 总理 副总理 行长 副行长 局长 副局长 主任 副主任 经理 院长 教授 分析师
    研究员 研究经理 记者 创办人 创始人 秘书长 署长 外长 首相 大使 市长 省长 书记 董事 合伙人 CEO CFO CTO""".split()
)
# The platforms of the trade this tool is made for (live-streaming and e-commerce), which jieba's dictionary
# lacks or splits (快手 is 快/手电 in it): each is a name wherever it stands.
PLATFORMS = tuple(
    """快手 快手电商 抖音 抖音电商 拼多多 小红书 淘宝 天猫 京东 美团 饿了么 唯品会 得物 微信 视频号 微博 哔哩哔哩 阿里巴巴
    阿里 腾讯 字节跳动 百度 网易 苏宁 携程 滴滴""".split()
)
_PLATFORM_WORDS = frozenset(PLATFORMS)
_TITLE = re.compile(f"(?:{'|'.join(sorted(TITLES, key=len, reverse=True))})$")
GROUPS = tuple(
    """知情人士 消息人士 业内人士 知情者 业界 业者 分析人士 专家 学者 消费者 用户 商家 卖家 买家 投资者 股民
    客户 企业客户 企业 厂商 品牌厂 供应商 制造商 经销商 建设者 个体工商户 小微企业 中小企业 民营企业 外资企业
    外贸企业 市场主体 经营主体 媒体 各地 地区国家 外国势力 民众 居民 农民 工人 员工 职工 股东 银行 银行业
    金融机构 银行业金融机构 网友 游客 家庭 创作者 主播 骑手""".split()
)
# Words before a group or body that are part of how it is named (龙头企业, 中小型银行, 高新技术企业).
_GROUP_MODIFIER_FLAGS = frozenset("n nz b j ns".split())
_NAME_FLAGS = frozenset("n nt ns nz nr j vn eng l b an".split())
_STOP_WORDS = frozenset("的 和 与 及 或 等 在 对 从 向 为 被 将 也 并 是 有 中 上 下 里 其 该 这 那 此 各 全".split())
_PLACE_BEFORE = frozenset("在 于 位于 来自 赴 到 至 从 往 经 途经 首都 首府 省会".split())
_PLACE_AFTER = (
    "境内",
    "境外",
    "境内外",
    "周边",
    "等地",
    "一带",
    "附近",
    "当地",
    "地区",
    "市场",
    "之间",
    "以外",
    "多地",
    "各地",
    "武装冲突",
)
_GEOGRAPHY = re.compile(
    r"(湾|海|洋|山|河|江|湖|岛|半岛|平原|高原|盆地|沙漠|中东|东亚|南亚|亚洲|欧洲|非洲|美洲|北美|南美|全球|世界)$"
)
_CUE = re.compile(
    rf"^\s*(?:[（(][^）)]{{0,12}}[）)]\s*)?(?:\d+日|今天|昨天|近日|日前|也|还|并|则|曾)?(?:{saying.ALTERNATIVES}|发布)"
)
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z]*(?:[ .&-][A-Z][A-Za-z]*)*")
# A name after a title, up to what follows a name in news writing: a date, a verb of saying, punctuation.
_NAME_AFTER_TITLE = re.compile(
    rf"(?!{saying.ALTERNATIVES}|在|于|对|也|则|将|曾|已|和|与|的|等)"
    rf"([\u4e00-\u9fff·]{{2,4}}?)(?=\d+日|今天|昨天|近日|日前|{saying.ALTERNATIVES}|[，,、。：:（(])"
)
_STOCK_CODE = re.compile(r"\s*[（(][A-Z0-9]{1,6}-[A-Z]{2}[）)]")
_NOT_LATIN_NAMES = frozenset(
    """AI PC PCs NPU CPU GPU TOPS IT OS APP App CEO CFO CTO GB TB MB KB GHz MHz USB LED OLED LCD AR VR XR SaaS PaaS
    IaaS ODM OEM EMS IPO ETF GDP CPI PPI PMI WoA API SDK SoC HBM DRAM NAND NT US HK TW CN EU B2B B2C O2O KOL KOC""".split()
)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    how: str  # why it was proposed, for the coder: "organisation (…银行)", "person (title 发言人)"…
    type: str | None = None  # the codebook's stakeholder type, where the shape says it
    again: str | None = None  # the name whose other mentions in the article are the same stakeholder

    @property
    def family(self) -> str:
        return family_of(self.how)


def family_of(how: str) -> str:
    """The rule a candidate's `how` names: organisation, person, group or source, short form…"""
    return "short form" if how.startswith("short form") else re.split(r" \(|, ", how)[0]


_lock = threading.Lock()
_tokenizer = None


def load():
    """The part-of-speech tokenizer, its dictionary loaded the first time (about half a second)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import logging

            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            for word in PLATFORMS:  # names the dictionary splits (快手 is 快/手电 in it)
                jieba.add_word(word, freq=100000, tag="nz")
            _tokenizer = jieba.posseg.POSTokenizer(jieba.dt)
    return _tokenizer


def ready() -> bool:
    return _tokenizer is not None


_warming = threading.Event()


def warm() -> None:
    """Load the dictionary on a thread of its own (once), for a caller that must not wait."""
    if _tokenizer is None and not _warming.is_set():
        _warming.set()
        threading.Thread(target=load, name="segmenter", daemon=True).start()


@dataclass(frozen=True)
class _Token:
    word: str
    flag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


def _tokens(text: str) -> list[_Token]:
    out, at = [], 0
    for pair in load().cut(text, HMM=False):
        out.append(_Token(pair.word, pair.flag, at))
        at += len(pair.word)
    return out


@lru_cache(maxsize=32)
def candidates(text: str) -> tuple[Candidate, ...]:
    """Stakeholder candidates in a simplified text, in text order, never overlapping (the longer wins)."""
    tokens = _tokens(text)
    found: list[Candidate] = []
    found += _organisations(text, tokens)
    found += _short_forms(text, found)
    found += _sources(text, tokens)
    found += _people(text, tokens)
    found += _places(text, tokens)
    found += _groups(text, tokens)
    found += _latin(text)
    found += _again(text, found)
    return tuple(_longest_first(found))


def _name_start(tokens: list[_Token], index: int, limit: int = 14) -> int:
    """The token index where the name that ends at tokens[index] begins: back over name words."""
    first = index
    end = tokens[index].end
    while first > 0:
        before = tokens[first - 1]
        if before.flag not in _NAME_FLAGS or before.word in _STOP_WORDS or not _CJK.search(before.word):
            break
        if end - before.start > limit:
            break
        first -= 1
    return first


def _organisations(text: str, tokens: list[_Token]) -> list[Candidate]:
    out = []
    for i, token in enumerate(tokens):
        word = token.word
        found_ending = _ENDING.search(word)
        ending = found_ending.group() if found_ending else None
        if ending is None or word in NOT_ORGANISATIONS:
            continue
        first = _name_start(tokens, i)
        start = tokens[first].start
        name = text[start : token.end]
        if len(name) < 3 or any(name.endswith(n) for n in NOT_ORGANISATIONS) or _after_dateline(text, token.end):
            continue
        if any(name.endswith(g) for g in GROUPS if len(g) >= 2 and g not in ("银行",)):
            continue  # 品牌厂, 金融机构: groups, found as such
        proper = any(t.flag in _PROPER_FLAGS for t in tokens[first : i + 1])
        if (ending in GENERIC_ENDS or len(ending) == 1) and not proper:
            continue
        kind = "government" if re.search(r"(署|局|部|委|办|院|厅|政府|委员会)$", name) else None
        if kind is None and re.search(r"(台|日报|时报|通讯社)$", name):
            kind = "media"
        if kind is None and re.search(r"(公司|集团|银行)$", name):
            kind = "company"
        out.append(Candidate(start, token.end, f"organisation (…{ending})", kind, name))
    return out


def _short_forms(text: str, found: list[Candidate]) -> list[Candidate]:
    """A company's name without its place and its legal or sector words (台湾戴尔科技集团: 戴尔), wherever
    the article uses it."""
    out = []
    for candidate in found:
        name = text[candidate.start : candidate.end]
        body = re.search(r"([\u4e00-\u9fff]{2,6}?)(?:科技|电子|股份|控股|有限|集团|公司)+", name)
        if not body:
            continue
        short = re.sub(r"^(台湾|中国|美国|日本|韩国|香港|北京|上海|深圳)", "", body.group(1))
        if len(short) >= 2:
            out += [Candidate(m.start(), m.end(), f"short form of {name}", candidate.type) for m in re.finditer(short, text)]
    return out


def _sources(text: str, tokens: list[_Token]) -> list[Candidate]:
    """A name right before a verb of saying (穆迪称, 卡纳尼表示) or a stock code (博通 (AVGO-US)), right after
    a word for a body (国际评级机构穆迪), or with its Latin name in brackets after it (高通（Qualcomm）)."""
    out = []
    for i, token in enumerate(tokens):
        if not _CJK.search(token.word) or len(token.word) < 2 or token.flag == "ns":
            continue
        coded = _STOCK_CODE.match(text, token.end)
        proper = token.flag in _PROPER_FLAGS
        speaking = proper and _CUE.match(text, token.end)
        described = proper and i and re.search(r"(机构|公司|厂商|大厂|品牌|媒体|英媒|美媒|外媒)$", tokens[i - 1].word)
        aliased = re.match(r"[（(][A-Z][A-Za-z .&-]{1,30}[）)]", text[token.end : token.end + 34])
        if not (coded or speaking or described or (aliased and (proper or token.flag == "n"))):
            continue
        first = i
        while first > 0 and tokens[first - 1].flag in _PROPER_FLAGS - {"ns"} and token.end - tokens[first - 1].start <= 8:
            first -= 1
        why = "stock-coded company" if coded else "source" if speaking else "descriptor and name" if described else "alias"
        out.append(Candidate(tokens[first].start, token.end, why, None, text[tokens[first].start : token.end]))
    for token in tokens:
        if token.word in _PLATFORM_WORDS:
            out.append(Candidate(token.start, token.end, "platform", "platform"))
    for match in re.finditer(r"《([^《》]{2,12})》(?=报道|报导|称|指出|表示|消息)", text):
        out.append(Candidate(match.start(), match.end(), "media (《…》 reporting)", "media", match.group()))
    return out


def _after_dateline(text: str, end: int) -> bool:
    """央视网消息 / 新华社电: the outlet's dateline, not a stakeholder of the article."""
    return text.startswith("消息", end) or text.startswith("讯", end) or text.startswith("电", end)


def _people(text: str, tokens: list[_Token]) -> list[Candidate]:
    out = []
    for i, token in enumerate(tokens):
        found_title = _TITLE.search(token.word)
        title = found_title.group() if found_title else None
        if title is None:
            continue
        first = _name_start(tokens, i - 1) if i and tokens[i - 1].flag in _NAME_FLAGS else i
        start = tokens[first].start
        after = text[token.end : token.end + 24]
        latin = re.match(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+", after)
        if latin:
            out.append(Candidate(start, token.end + latin.end(), f"person (title {title})", "expert", latin.group()))
            continue
        named = _NAME_AFTER_TITLE.match(after)
        if i + 1 < len(tokens) and tokens[i + 1].flag in ("nr", "nrt", "nrfg") and len(tokens[i + 1].word) >= 2:
            name = tokens[i + 1].word
            out.append(Candidate(start, tokens[i + 1].end, f"person (title {title})", "expert", name))
        elif named:
            out.append(Candidate(start, token.end + named.end(1), f"person (title {title})", "expert", named.group(1)))
        elif title in ("负责人", "发言人", "新闻发言人") or token.word.endswith("负责人"):
            out.append(Candidate(start, token.end, f"person (title {title})", "expert"))
    for i, token in enumerate(tokens):  # 相关负责人 after a body: one mention
        if token.word == "负责人" and i and tokens[i - 1].word in ("相关", "有关", "主要"):
            first = _name_start(tokens, i - 2) if i > 1 else i - 1
            out.append(Candidate(tokens[first].start, token.end, "person (title 负责人)", None))
    return out


_NOT_PLACES = frozenset("普及 加大力度 开区 全省 全市 全国".split())


def _places(text: str, tokens: list[_Token]) -> list[Candidate]:
    out = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        bloc = token.flag == "j" and token.word.endswith("盟")  # 东盟, 欧盟, 非盟
        if not (token.flag == "ns" or bloc) or len(token.word) < 2 or token.word in _NOT_PLACES:
            i += 1
            continue
        last = i
        while last + 1 < len(tokens) and tokens[last + 1].flag == "ns" and len(tokens[last + 1].word) >= 2:
            last += 1  # 湖北武汉: one mention
        end = tokens[last].end
        parts = tokens[i : last + 1]
        place = (
            (i and tokens[i - 1].word in _PLACE_BEFORE)
            or text.startswith(_PLACE_AFTER, end)
            or _listed_place(text, token.start)
        )
        shaped = all(len(t.word) <= 3 or re.search(r"[省市县区州国]$", t.word) for t in parts)
        if not place and shaped and not _GEOGRAPHY.search(text[token.start : end]):
            out.append(Candidate(token.start, end, "country or region acting", "government"))
        i = last + 1
    for match in re.finditer("我国", text):
        out.append(Candidate(match.start(), match.end(), "country (我国)", "government"))
    return out


def _listed_place(text: str, start: int) -> bool:
    """One of a list of places something happens in: 在福州、厦门、莆田等地."""
    clause = max(text.rfind(mark, 0, start) for mark in "，。；！？\n") + 1
    before = text[clause:start]
    return bool(re.match(r"^.{0,6}在[^，。；]*、$", before))


_GROUP = re.compile("|".join(sorted(GROUPS, key=len, reverse=True)))
_QUANTIFIERS = ("多家", "各家", "众多", "广大", "部分", "各类")
_JOINING = frozenset("和与及、，,的对为向给让使被")
_NOT_MODIFIERS = frozenset("主要 重要 相关 有关 其他 其它 更多 许多 普惠型".split())


_ANONYMOUS = re.compile(r"某[\u4e00-\u9fff]{0,4}?(?:机构|公司|企业|人士|官员|负责人|专家|分析师|平台|银行|部门|媒体)")


def _groups(text: str, tokens: list[_Token]) -> list[Candidate]:
    """Groups and unnamed sources, with the words before them that belong to how they are named (大型银行,
    科技领军企业, 多家美国银行); only where the text's words begin and end with them."""
    starts = {t.start: n for n, t in enumerate(tokens)}
    ends = {t.end for t in tokens}
    out = []
    for match in _GROUP.finditer(text):
        joined = match.start() and text[match.start() - 1] in _JOINING  # 和小微企业: jieba took 和小微 as a name
        if (match.start() not in starts and not joined) or match.end() not in ends or text.startswith("贷款", match.end()):
            continue  # (小微企业贷款: a kind of loan)
        if joined and match.start() not in starts:
            out.append(Candidate(match.start(), match.end(), f"group or source ({match.group()})", None))
            continue
        first = starts[match.start()]
        while first > 0 and starts[match.start()] - first < 2:
            before = tokens[first - 1]
            if (
                before.flag not in _GROUP_MODIFIER_FLAGS
                or len(before.word) < 2
                or before.word[0] in "全各该本这那此"
                or before.word in _NOT_MODIFIERS
            ):
                break
            first -= 1
        start = tokens[first].start
        if text[max(0, start - 2) : start] in _QUANTIFIERS:
            start -= 2
        out.append(Candidate(start, match.end(), f"group or source ({match.group()})", None))
    out += [Candidate(m.start(), m.end(), "unnamed source (某…)", None) for m in _ANONYMOUS.finditer(text)]
    return out


def _latin(text: str) -> list[Candidate]:
    out = []
    for match in _LATIN_NAME.finditer(text):
        name, start, end = match.group(), match.start(), match.end()
        if name in _NOT_LATIN_NAMES or len(name) < 2 or (start and text[start - 1].isascii() and text[start - 1].isalnum()):
            continue
        if end < len(text) and text[end].isascii() and text[end].isalnum():
            continue
        alias = start and text[start - 1] in "（(" and _CJK.search(text[max(0, start - 2) : start - 1] or "")
        coded = _STOCK_CODE.match(text, end)
        speaking = _CUE.match(text, end)
        after_body = re.search(r"(机构|公司|厂商|大厂|品牌)$", text[max(0, start - 4) : start])
        gloss = re.match(r"[（(]([\u4e00-\u9fff]{2,8}(?:商|者|机构|公司|厂|企业))[）)]", text[end : end + 12])
        if alias or coded or speaking or after_body or gloss:
            why = (
                "alias"
                if alias
                else "stock code"
                if coded
                else "source"
                if speaking
                else "named body"
                if after_body
                else "glossed"
            )
            size = re.search(r"(大型|中小型|小型|主要)$", text[max(0, start - 3) : start]) if gloss else None
            out.append(Candidate(start - (len(size.group()) if size else 0), end, f"Latin name ({why})", "company", name))
            if gloss:
                out.append(Candidate(end + 1, end + 1 + len(gloss.group(1)), "gloss of a Latin name", None))
    return out


def _again(text: str, found: list[Candidate]) -> list[Candidate]:
    """Every other mention of a name found by a rule that knows it is a name: a person's name after a
    title, an organisation, a source, a Latin name."""
    out = []
    for candidate in found:
        if candidate.again and len(candidate.again) >= 2:
            for match in re.finditer(re.escape(candidate.again), text):
                out.append(Candidate(match.start(), match.end(), f"{candidate.how}, again", candidate.type))
    return out


def _longest_first(found: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for candidate in sorted(found, key=lambda c: (-(c.end - c.start), c.start)):
        if any(candidate.start < e and s < candidate.end for s, e in taken):
            continue
        kept.append(candidate)
        taken.append((candidate.start, candidate.end))
    return sorted(kept, key=lambda c: c.start)
