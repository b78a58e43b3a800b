"""The 索引号 rule: one template drives validation, parsing and generation,
for the national form and the local forms agencies really use (STANDARDS §4)."""

from __future__ import annotations

import pytest

from generator.config import NATIONAL_INDEX_TEMPLATE, IndexNoRule, SiteConfig
from generator.index_numbers import Allocator, Published

NATIONAL = IndexNoRule(code="XCNY00001")


def test_national_form_formats_parses_and_validates() -> None:
    assert NATIONAL.template == NATIONAL_INDEX_TEMPLATE == "{code}/{year}-{serial:05d}"
    assert NATIONAL.format(2024, 3) == "XCNY00001/2024-00003"
    assert NATIONAL.parse("XCNY00001/2024-00003") == (2024, 3)
    match = NATIONAL.regex.match("XCNY00001/2024-00003")
    assert match and match.group("year", "serial") == ("2024", "00003")


@pytest.mark.parametrize(
    "wrong",
    [
        "XCNY00001/2024-3",  # serial not padded to 5 digits
        "XCNY00001/24-00003",  # two-digit year
        "XCNY00001-2024-00003",  # wrong separator
        "XCNY00002/2024-00003",  # another agency's code
        " XCNY00001/2024-00003",  # stray space
        "XCNY00001/2024-000031",  # six-digit serial
    ],
)
def test_national_form_rejects_near_misses(wrong: str) -> None:
    assert not NATIONAL.accepts(wrong)
    assert NATIONAL.parse(wrong) is None


def test_local_form_with_literal_prefix() -> None:
    rule = IndexNoRule(code="PZ00101", template="PZ00101-1700-{year}-{serial:05d}")
    assert rule.format(2023, 112) == "PZ00101-1700-2023-00112"
    assert rule.parse("PZ00101-1700-2023-00112") == (2023, 112)
    assert rule.accepts("PZ00101-1700-2023-00112")
    assert not rule.accepts("PZ00101-1701-2023-00112")
    assert not rule.accepts("PZ00101/2023-00112")


def test_credit_code_prefix_of_18_characters() -> None:
    rule = IndexNoRule(code="11441700007280420Y")
    assert rule.format(2021, 50) == "11441700007280420Y/2021-00050"
    assert rule.parse("11441700007280420Y/2021-00050") == (2021, 50)
    assert not rule.accepts("11441700007280420/2021-00050")


def test_code_with_hyphen_is_matched_literally() -> None:
    rule = IndexNoRule(code="0142768-8")
    assert rule.format(2022, 185) == "0142768-8/2022-00185"
    assert rule.accepts("0142768-8/2022-00185")
    assert not rule.accepts("014276808/2022-00185")  # the hyphen is not a wildcard


def test_unpadded_serial_template() -> None:
    rule = IndexNoRule(code="ABC", template="{code}-{year}-{serial}")
    assert rule.format(2024, 7) == "ABC-2024-7"
    assert rule.parse("ABC-2024-1234") == (2024, 1234)


def test_also_accept_admits_legacy_numbers_without_parsing_them() -> None:
    rule = IndexNoRule(code="XCNY00001", also_accept=(r"XC-\d{4}-\d+",))
    assert rule.accepts("XC-2015-12")
    assert rule.parse("XC-2015-12") is None  # legacy numbers never feed the allocator


def test_site_config_reads_rule_and_defaults() -> None:
    config = SiteConfig.from_data({"agency": {"name": "某局", "org_code": "PZ00101"}, "footer": {}})
    assert config.index_no.template == NATIONAL_INDEX_TEMPLATE
    assert config.index_no.code == "PZ00101"
    assert config.per_page == 50  # rows of a listing page: fewer pages of chrome (issue 11's 1 GB site)
    assert "通知" in config.genres and "纪要" in config.genres
    local = SiteConfig.from_data(
        {"agency": {"org_code": "PZ00101"}, "index_no": {"template": "PZ00101-1700-{year}-{serial:05d}"}, "extra_genres": ["简报"]}
    )
    assert local.index_no.example(2023, 112) == "PZ00101-1700-2023-00112"
    assert "简报" in local.genres


def test_allocator_continues_after_the_highest_serial_per_year() -> None:
    published = (Published("content/items/a.md", "XCNY00001/2024-00009", "已删除的文件"),)
    allocator = Allocator(NATIONAL, [], published)
    assert allocator.next(2024) == "XCNY00001/2024-00010"  # gaps and deleted numbers are never refilled
    assert allocator.next(2024) == "XCNY00001/2024-00011"
    assert allocator.next(2025) == "XCNY00001/2025-00001"


def test_local_form_without_a_year_is_one_running_sequence() -> None:
    rule = IndexNoRule(code="XC", template="{code}-{serial:06d}")
    assert not rule.yearly
    assert rule.parse("XC-000041") == (0, 41)
    allocator = Allocator(rule, [], (Published("content/items/a.md", "XC-000041", "旧文件"),))
    assert allocator.next(2025) == "XC-000042"
    assert allocator.next(2026) == "XC-000043"  # no restart at the new year
