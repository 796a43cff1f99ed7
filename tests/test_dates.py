"""Publication dates as scraped sites write them, brought to ISO so that date ranges compare as strings."""

import pytest

from annotator.core.dates import normalise_date


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2023-01-13", "2023-01-13"),
        ("2023/1/13", "2023-01-13"),
        ("2023.01.13", "2023-01-13"),
        ("20230113", "2023-01-13"),
        ("2023年1月13日", "2023-01-13"),
        ("2023 年 1 月 13 日", "2023-01-13"),
        ("２０２３年１月１３日", "2023-01-13"),
        ("2023年1月13日 10:05", "2023-01-13T10:05"),
        ("2023年1月13日10时5分", "2023-01-13T10:05"),
        ("2023-01-13 08:30:15", "2023-01-13T08:30:15"),
        ("2023-01-13T08:30:15+08:00", "2023-01-13T08:30:15+08:00"),
        ("2023-01-13T08:30Z", "2023-01-13T08:30Z"),
        ("2023-02-30", "2023-02-30"),  # not a day: kept as given
        ("2023-01-13 25:00", "2023-01-13 25:00"),
        ("昨天", "昨天"),
        ("2023-01-13 来源：新华社", "2023-01-13 来源：新华社"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_dates_become_iso_or_stay_as_given(given, expected):
    assert normalise_date(given) == expected
