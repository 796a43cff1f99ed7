"""The verbs of Chinese news writing that give what follows to someone (表示, 指出, 称…): one list for the
claim rules (what follows such a verb is a claim) and the name rules (what stands right before it is a
source, and a name after a title ends where it begins)."""

from __future__ import annotations

VERBS = tuple(
    "表示 认为 指出 强调 透露 预计 预测 坦言 直言 声称 宣称 介绍 称 说 说法 显示 报道 报导 预告 警告 呼吁 引述".split()
)
ALTERNATIVES = "|".join(sorted(VERBS, key=len, reverse=True))  # for a regular expression, the longest first
