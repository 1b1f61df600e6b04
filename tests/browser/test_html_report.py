"""The HTML report in a real headless browser: map, traces, filters, no script injection.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them);
skipped with the reason shown where they are absent.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from iacsim.report.data import Report
from iacsim.report.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                       reason="headless browser test needs Debian's chromium and chromium-driver (.ci/run installs them)"),
]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: object, tmp_path: Path, html: str) -> None:
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    browser.get(page.as_uri())  # type: ignore[attr-defined]


def _visible_rows(browser: object) -> int:
    from selenium.webdriver.common.by import By

    rows = browser.find_elements(By.CSS_SELECTOR, "#findings tbody tr")  # type: ignore[attr-defined]
    return sum(1 for r in rows if r.is_displayed())


def test_filters_trace_and_screenshot(browser: object, report: Report, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, tmp_path, render_html(report))
    assert _visible_rows(browser) == len(report.findings)
    Select(browser.find_element(By.ID, "f-severity")).select_by_visible_text("high")  # type: ignore[attr-defined]
    assert _visible_rows(browser) == sum(1 for f in report.findings if f.severity == "high")
    Select(browser.find_element(By.ID, "f-severity")).select_by_visible_text("all severities")  # type: ignore[attr-defined]
    Select(browser.find_element(By.ID, "f-category")).select_by_visible_text("security")  # type: ignore[attr-defined]
    assert _visible_rows(browser) == sum(1 for f in report.findings if f.category == "security")
    text_box = browser.find_element(By.ID, "f-text")  # type: ignore[attr-defined]
    Select(browser.find_element(By.ID, "f-category")).select_by_visible_text("all categories")  # type: ignore[attr-defined]
    text_box.send_keys("PARSE001")
    assert _visible_rows(browser) == 1
    # the failing flow's trace is open and shows the denied step
    trace = browser.find_element(By.CSS_SELECTOR, "details.flow[open]")  # type: ignore[attr-defined]
    assert "kms:Encrypt" in trace.text and "denied" in trace.text
    shot = tmp_path / "report.png"
    browser.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.stat().st_size > 10_000


def test_markup_in_resource_names_is_shown_as_text_never_run(browser: object, report: Report, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    evil = "aws_kms_key.x<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"
    report.findings.append(dataclasses.replace(report.findings[0], resource=evil, message=evil))
    _open(browser, tmp_path, render_html(report))
    assert browser.execute_script("return window.__pwned === undefined")  # type: ignore[attr-defined]
    assert "<script>window.__pwned=1</script>" in browser.find_element(By.ID, "findings").text  # type: ignore[attr-defined]


def test_map_draws_accounts_and_links_failing_flows(browser: object, report: Report, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, tmp_path, render_html(report))
    svg = browser.find_element(By.CSS_SELECTOR, "svg#map")  # type: ignore[attr-defined]
    assert "111122223333" in svg.text
    failing = svg.find_elements(By.CSS_SELECTOR, "a.failing")
    assert failing, "failing flows are drawn in red and link to their trace"
    failing[0].click()
    assert browser.execute_script("return location.hash").startswith("#flow-")  # type: ignore[attr-defined]


def test_report_of_a_broken_sample(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    sample = Path(__file__).resolve().parents[2] / "samples" / "terraform" / "s3-replication-broken"
    report, _, _ = scan([sample], LoadOptions(use_cache=False), "high")
    _open(browser, tmp_path, render_html(report))
    svg = browser.find_element(By.CSS_SELECTOR, "svg#map")  # type: ignore[attr-defined]
    assert "111122223333" in svg.text and "us-west-2" in svg.text
    red = svg.find_elements(By.CSS_SELECTOR, "a.failing g.node")
    assert red, "the bucket whose replication fails is drawn in red"
    red[0].click()
    target = browser.execute_script("return location.hash")  # type: ignore[attr-defined]
    trace = browser.find_element(By.CSS_SELECTOR, target)  # type: ignore[attr-defined]
    assert "kms:Encrypt" in trace.text and "denied" in trace.text and "ViaService" in trace.text
    total = _visible_rows(browser)
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "f-category")).select_by_visible_text("broken-flow")  # type: ignore[attr-defined]
    assert 0 < _visible_rows(browser) <= total
    assert all(f.category == "broken-flow" for f in report.findings if f.rule_id == "S3102")
    browser.save_screenshot(str(tmp_path / "broken-sample.png"))  # type: ignore[attr-defined]


def test_a_step_links_to_its_cloudtrail_record_even_inside_a_closed_trace(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    sample = Path(__file__).resolve().parents[2] / "samples" / "terraform" / "ssm-parameters"
    report, _, _ = scan([sample], LoadOptions(use_cache=False), "high")
    flow_index, flow = next((i, f) for i, f in enumerate(report.flows) if f.verdict == "pass" and f.events)
    _open(browser, tmp_path, render_html(report))
    trace = browser.find_element(By.ID, f"flow-{flow_index}")  # type: ignore[attr-defined]
    assert trace.get_attribute("open") is None, "passing traces start closed"
    trace.find_element(By.TAG_NAME, "summary").click()
    trace.find_element(By.CSS_SELECTOR, "a.event-link").click()
    event_id = flow.steps[0].events[0]
    row = browser.find_element(By.ID, f"event-{event_id}")  # type: ignore[attr-defined]
    assert row.is_displayed(), "following a step's record link opens the closed records table"
    assert flow.events[0]["eventName"] in row.text


def test_each_world_has_its_own_map_and_the_selector_switches_between_them(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from iacsim.config import load_config
    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    samples = Path(__file__).resolve().parents[2] / "samples"
    report, _, _ = scan([samples], LoadOptions(use_cache=False, config=load_config(samples / ".iacsim.yml")), "high")
    names = [name for name, _ in report.worlds]
    assert "terraform/s3-replication" in names and "terraform/s3-replication-broken" in names
    _open(browser, tmp_path, render_html(report))
    picker = Select(browser.find_element(By.ID, "map-world"))  # type: ignore[attr-defined]
    titles = [o.text for o in picker.options]
    assert titles[0].endswith("-broken"), "a world with a failing flow is drawn first"
    assert titles[-1] == "all worlds together"
    panels = browser.find_elements(By.CSS_SELECTOR, "div[data-map]")  # type: ignore[attr-defined]
    assert [p.is_displayed() for p in panels] == [True] + [False] * (len(panels) - 1)
    assert panels[0].find_elements(By.CSS_SELECTOR, "a.failing")
    picker.select_by_visible_text("terraform/s3-replication")
    shown = [p for p in panels if p.is_displayed()]
    assert len(shown) == 1 and shown[0].get_attribute("data-map") == str(titles.index("terraform/s3-replication"))
    assert not shown[0].find_elements(By.CSS_SELECTOR, "a.failing"), "the correct twin has nothing red"
    assert "111122223333" in shown[0].text


# ---- layout at 1400 px and 400 px (issue 16): nothing wider than the viewport, no clipped labels ----

WIDTHS = (1400, 400)
_VERDICT_RANK = {"fail": 0, "unknown": 1, "pass": 2}


def _at_width(browser: object, width: int) -> None:
    browser.set_window_size(width, 1000)  # type: ignore[attr-defined]


def _layout_problems(browser: object) -> dict[str, list[str]]:
    """What a reader would see as broken: page elements past the viewport's right edge (outside the map,
    which pans inside its own frame), map labels longer than their box or starting left of the map."""
    return browser.execute_script("""
      var vw = document.documentElement.clientWidth, out = {wide: [], clipped: [], left: []};
      if (document.documentElement.scrollWidth > vw) out.wide.push("page scrollWidth " + document.documentElement.scrollWidth);
      document.querySelectorAll("body *").forEach(function (e) {
        if (e.closest("svg") || e.closest("details:not([open]) > :not(summary)")) return;
        var r = e.getBoundingClientRect();
        if (r.width > 0 && r.right > vw + 1) out.wide.push(e.tagName + "." + e.className + " right=" + Math.round(r.right));
      });
      document.querySelectorAll("svg.map").forEach(function (svg) {
        var hidden = svg.closest("[hidden]");
        if (hidden) hidden.hidden = false;
        svg.querySelectorAll("g.node").forEach(function (g) {
          var t = g.querySelector("text"), box = g.querySelector("rect");
          if (t.getComputedTextLength() > box.width.baseVal.value - 8) out.clipped.push(t.textContent);
        });
        svg.querySelectorAll("text").forEach(function (t) { if (t.getBBox().x < 0) out.left.push(t.textContent); });
        if (hidden) hidden.hidden = true;
      });
      return out;""")  # type: ignore[attr-defined]


def _flow_verdicts(browser: object) -> list[str]:
    from selenium.webdriver.common.by import By

    return [d.get_attribute("data-verdict")
            for d in browser.find_elements(By.CSS_SELECTOR, "#flows > details.flow")]  # type: ignore[attr-defined]


def _check_layout_and_shoot(browser: object, tmp_path: Path, name: str) -> None:
    for width in WIDTHS:
        _at_width(browser, width)
        browser.refresh()  # type: ignore[attr-defined]
        problems = _layout_problems(browser)
        assert problems == {"wide": [], "clipped": [], "left": []}, f"{name} at {width}px: {problems}"
        verdicts = _flow_verdicts(browser)
        assert verdicts == sorted(verdicts, key=_VERDICT_RANK.__getitem__), "failing flows first, then unknown, then pass"
        for anchor in ("verdict", "flows-title", "map-title"):
            browser.execute_script(f"document.getElementById('{anchor}').scrollIntoView()")  # type: ignore[attr-defined]
            shot = tmp_path / f"{name}-{width}-{anchor}.png"
            browser.save_screenshot(str(shot))  # type: ignore[attr-defined]
            assert shot.stat().st_size > 5_000


def _scan(path: Path, fail_on: str = "high") -> Report:
    from iacsim.load import LoadOptions
    from iacsim.pipeline import scan

    report, _, _ = scan([path], LoadOptions(use_cache=False), fail_on)
    return report


SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize("sample", ["terraform/s3-replication-broken", "terraform/ami-sharing-broken",
                                    "terraform/notifications-broken", "cloudformation/datastores-broken"])
def test_samples_read_well_at_1400_and_400_px(browser: object, tmp_path: Path, sample: str) -> None:
    _open(browser, tmp_path, render_html(_scan(SAMPLES / sample)))
    _check_layout_and_shoot(browser, tmp_path, sample.replace("/", "-"))


def test_a_large_scan_reads_well_and_its_map_holds_every_object(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from tests.report.large_scan import ACCOUNTS, REGIONS, write_large_scan

    report = _scan(write_large_scan(tmp_path / "large"))
    _open(browser, tmp_path, render_html(report))
    svg = browser.find_element(By.CSS_SELECTOR, "svg#map")  # type: ignore[attr-defined]
    assert len(svg.find_elements(By.CSS_SELECTOR, "g.node")) >= 200
    bands = [t.get_attribute("textContent") for t in svg.find_elements(By.CSS_SELECTOR, "text.band")]
    assert set(REGIONS) <= set(bands)
    accounts = svg.find_elements(By.CSS_SELECTOR, "text.acct")
    assert {a.get_attribute("textContent").split()[1] for a in accounts} == set(ACCOUNTS)
    titles = [t.get_attribute("textContent") for t in svg.find_elements(By.CSS_SELECTOR, "path > title")]
    assert any(t.startswith("replication:") for t in titles), "the cross-Region replication arrow is drawn"
    assert any(t.startswith("launch:") for t in titles), "the cross-account launch permission arrow is drawn"
    red = svg.find_elements(By.CSS_SELECTOR, "a.failing")
    assert red and all(a.get_dom_attribute("href").startswith("#flow-") for a in red)
    _check_layout_and_shoot(browser, tmp_path, "large")
    # zoom and pan change the map's view, never the page's width
    svg = browser.find_element(By.CSS_SELECTOR, "svg#map")  # type: ignore[attr-defined]
    before = svg.get_dom_attribute("viewBox")
    browser.find_element(By.CSS_SELECTOR, "button[data-zoom='1.25']").click()  # type: ignore[attr-defined]
    assert svg.get_dom_attribute("viewBox") != before
    assert _layout_problems(browser)["wide"] == []


def test_fail_on_none_is_not_gated_and_never_a_green_pass(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    report = _scan(SAMPLES / "terraform" / "s3-replication-broken", fail_on="none")
    _open(browser, tmp_path, render_html(report))
    badge = browser.find_element(By.ID, "verdict")  # type: ignore[attr-defined]
    assert badge.text == "NOT GATED" and "pass" not in (badge.get_attribute("class") or "").split()
    assert "2 high" in browser.find_element(By.ID, "headline").text  # type: ignore[attr-defined]


def test_findings_and_flows_are_linkable(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from iacsim.report.fingerprint import fingerprint

    report = _scan(SAMPLES / "terraform" / "s3-replication-broken")
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    finding = report.findings[0]
    browser.get(f"{page.as_uri()}#finding-{fingerprint(finding)}")  # type: ignore[attr-defined]
    row = browser.find_element(By.ID, f"finding-{fingerprint(finding)}")  # type: ignore[attr-defined]
    assert row.is_displayed() and finding.rule_id in row.text
    passing = next(i for i, f in enumerate(report.flows) if f.verdict == "pass")
    browser.get(f"{page.as_uri()}#flow-{passing}")  # type: ignore[attr-defined]
    trace = browser.find_element(By.ID, f"flow-{passing}")  # type: ignore[attr-defined]
    assert trace.get_attribute("open") is not None, "a link to a collapsed passing flow opens it"


def test_trace_quotes_the_deciding_statement_and_copies_full_arns(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    report = _scan(SAMPLES / "terraform" / "s3-replication-broken")
    _open(browser, tmp_path, render_html(report))
    trace = browser.find_element(By.CSS_SELECTOR, "details.flow[data-verdict='fail']")  # type: ignore[attr-defined]
    quotes = [q for q in trace.find_elements(By.CSS_SELECTOR, "details.quote[open]")]
    assert any("EncryptReplicas" in q.text and "kms:ViaService" in q.text for q in quotes), \
        "the denied step quotes the statement that came closest, with its condition"
    assert trace.find_elements(By.CSS_SELECTOR, "button.copy"), "the fix has a copy button"
    full = browser.execute_script("""
      var c = document.querySelector("details.flow[data-verdict='fail'] code.arn");
      var range = document.createRange(); range.selectNodeContents(c.parentElement);
      var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      var dt = new DataTransfer();
      document.dispatchEvent(new ClipboardEvent("copy", {clipboardData: dt, bubbles: true, cancelable: true}));
      return [c.textContent, dt.getData("text/plain")];""")  # type: ignore[attr-defined]
    shown, copied = full
    assert "…" in shown or len(shown) < 60
    assert "arn:aws:" in copied, "copying a shortened ARN puts the full ARN on the clipboard"
