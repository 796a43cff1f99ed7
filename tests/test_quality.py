"""The text-quality report and cleaning on the real scraped samples."""

from __future__ import annotations

from annotator.core.text import cleaning, quality
from annotator.core.text.decoding import decode
from annotator.core.text.newlines import normalise_newlines
from annotator.core.text.script import detect_script

from .conftest import CORPUS, SAMPLES


def _sample(name: str) -> str:
    return next(SAMPLES.glob(f"{name}*")).read_text(encoding="utf-8")


def test_pinyin_glosses_found_and_only_glosses():
    text = _sample("kuaishou_store_upgrade")
    spans = quality.pinyin_glosses(text)
    assert len(spans) == 85 and text[spans[0][0] : spans[0][1]] == "(guī)"
    assert quality.pinyin_glosses("苹果(Apple)公司和快手(KS)") == []


def test_headline_pasted_into_paragraphs_is_found_but_not_the_headline_itself():
    text = _sample("kuaishou_cuts_links")
    spans = quality.inserted_headlines(text)
    first_line_end = text.index("\n")
    assert len(spans) == 4 and all(start > first_line_end for start, _ in spans)
    assert text[spans[0][0] : spans[0][1]] == "不走抖音平台交易:快手电商要京东“分手”快手断链不是“为了闭环”"


def test_site_footer_and_link_list_found():
    anxiety = _sample("kuaishou_anxiety")
    footer = quality.footer_lines(anxiety)
    assert anxiety[footer[0][0] :].startswith("2023年03月09日 10:41:57") and anxiety[footer[-1][0] :] == "微信号:qifu0860"
    taobao = _sample("kuaishou_taobao")
    links = quality.footer_lines(taobao)
    assert taobao[links[0][0] : links[0][1]] == "关键词: 阿里巴巴 同比增长"


def test_clean_news_has_no_findings():
    for path in sorted(CORPUS.glob("*/*.txt")):
        assert quality.report(path.read_text(encoding="utf-8")) == [], path.name


def test_invisible_bidi_and_replacement_characters_reported():
    text = "快手\u200b电商\u202e表示\ufffd\ufffd。"
    kinds = quality.summary(quality.report(text))
    assert kinds == {"invisible_character": 1, "bidi_control": 1, "replacement_character": 1}
    assert cleaning.clean(text, ("invisible",)) == ("快手电商\u202e表示\ufffd\ufffd。", {"invisible": 1})


def test_cleaning_everything_leaves_an_article():
    text = _sample("kuaishou_anxiety")
    cleaned, removed = cleaning.clean(text, cleaning.ALL)
    assert removed == {"spam": 4, "footer": 1}
    assert cleaned.endswith("就看即将发布的快手年报了。\n") and "粉丝数" not in cleaned
    assert quality.report(cleaned) == []


def test_script_detection():
    assert detect_script(_sample("kuaishou_store_upgrade")) == "traditional"
    assert detect_script(_sample("kuaishou_cuts_links")) == "simplified"
    assert detect_script("快手電商与快手电商发展與規劃") == "mixed"
    assert detect_script("Hello, world") == "none"


def test_newlines_and_utf8_bom():
    assert normalise_newlines("a\r\nb\rc\n") == ("a\nb\nc\n", {"crlf": 1, "cr": 1})
    decoded = decode(b"\xef\xbb\xbf" + "快手".encode())
    assert decoded.text == "快手" and decoded.bom and decoded.encoding == "utf-8-sig"


def test_repeated_sentences_found_and_cleaned_as_spam():
    spam = "点击关注我们获取更多精彩内容。"
    text = f"快手电商负责人表示，平台新增商家超过30万家。{spam}\n分析师认为增速放缓。{spam}据介绍。据介绍。"
    spans = quality.repeated_sentences(text)
    assert [text[s:e] for s, e in spans] == [spam]  # the short 据介绍。 repeats naturally
    cleaned, removed = cleaning.clean(text, ("spam",))
    assert cleaned.count(spam) == 1 and removed == {"spam": 1}
    taobao = _sample("kuaishou_taobao")
    assert [taobao[s:e] for s, e in quality.repeated_sentences(taobao)] == ["环球简讯:今年双11,快手重新牵手淘宝"]


# The same findings on text these tests write themselves, for a clone without ../shared.
OWN_SCRAPE = (
    "小店升级——快手电商正规军进场\n"
    "快手小店上线半年至今，数(shù)据(jù)表现惊人。据统(tǒng)计(jì)，商家数量翻倍。\n"
    "小店升级——快手电商正规军进场，平台推出了全新的快手小店。\n"
    "快手对小店的扶持力度持续加大。\n"
    "2023年03月09日 10:41:57\n"
    "关键词: 阿里巴巴 同比增长\n"
)


def test_glosses_pasted_headlines_and_footers_found_in_our_own_scrape():
    glosses = quality.pinyin_glosses(OWN_SCRAPE)
    assert [OWN_SCRAPE[a:b] for a, b in glosses] == ["(shù)", "(jù)", "(tǒng)", "(jì)"]
    headlines = quality.inserted_headlines(OWN_SCRAPE)
    assert headlines and all(start > OWN_SCRAPE.index("\n") for start, _ in headlines)
    footer = quality.footer_lines(OWN_SCRAPE)
    assert footer and OWN_SCRAPE[footer[0][0] :].startswith("2023年03月09日")
    cleaned, removed = cleaning.clean(OWN_SCRAPE, cleaning.ALL)
    assert "(shù)" not in cleaned and "关键词" not in cleaned and cleaned.startswith("小店升级")
    assert removed.get("pinyin") == 4


def test_clean_news_of_our_own_has_no_findings():
    article = (
        "国家统计局发布数据显示\n前三季度社会消费品零售总额同比增长3.3%。\n网上零售额增长8.6%，其中实物商品增长7.7%。\n"
    )
    assert quality.report(article) == []
