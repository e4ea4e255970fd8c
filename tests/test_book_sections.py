"""노트북 맨 위의 「**책에서의 위치**」가 한국어판 3장의 절 번호와 제목을 글자 그대로 쓰는지 검사합니다.

절 번호와 제목(한 곳)은 data/book_sections.toml에 있습니다(출처는 그 파일의 머리말). 노트북마다 위치 문단에서
`3.N 「제목」`, `소제목 「…」`(바로 앞에 말한 절의 것), `3장 「…」`, `칼럼 「…」`을 찾아 그 표와 맞춰 보고, 책을 따르는
노트북이 3.4~3.12절과 칼럼을 모두 가리키는지 봅니다. 노트북과 풀이는 절의 범위 「3.4~3.12절」이나 씨앗 요약의
「1)–6)」 같은 단계 번호를 쓰지 않습니다(학습자가 책에서 쪽을 찾을 수 있게 절마다 번호와 제목으로).
"""

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = tomllib.loads((ROOT / "data" / "book_sections.toml").read_text(encoding="utf-8"))
SECTIONS = {s["number"]: s for s in BOOK["section"]}
LESSONS = sorted(ROOT.glob("notebooks/*.ipynb"))
SOLUTIONS = sorted(ROOT.glob("solutions/*.ipynb"))
MARKER = "**책에서의 위치**:"
NOT_IN_BOOK = "책에 없는 내용입니다."
# `3.N 「제목」`, `3장 「제목」`, `칼럼 「제목」`, `소제목 「제목」`; 그리고 제목 없이 쓴 절 번호(`3.12의`, `3.1~3.4절`)
CITATION = re.compile(r"(3\.\d+|3장|칼럼|소제목) 「([^」]*)」")
NUMBER = re.compile(r"(?<![\d.])3\.(\d+)(?![\d.])")
RANGE = re.compile(r"3\.4\s*[~–-]\s*(?:3\.)?12\s*절")
STEPS = re.compile(r"[1-6]\)\s*[~–-]\s*[1-6]\)|^\s*(?:[-*]\s+)?[1-6]\)\s", re.MULTILINE)


def location(path):
    """노트북의 첫 마크다운 셀에서 위치 문단(표시부터 빈 줄까지)을 한 줄로(줄바꿈은 공백)."""
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    assert MARKER in first.source, f"{path.name}: 첫 마크다운 셀에 `{MARKER} 3.N 「제목」` 줄이 없습니다."
    paragraph = first.source.split(MARKER, 1)[1].split("\n\n", 1)[0]
    return " ".join(paragraph.split())


def citation_errors(text):
    """위치 문단의 인용을 표와 맞춰 보고 ([(절 번호, 제목 또는 소제목)], [틀린 곳…])을 돌려줍니다."""
    cited, errors = [], []
    for match in CITATION.finditer(text):
        kind, title = match.groups()
        if kind == "3장":
            expected = [BOOK["chapter"]["heading"]]
        elif kind == "칼럼":
            expected = [BOOK["column"]["heading"]]
        elif kind == "소제목":  # 바로 앞에 말한 절(「3.12의 소제목」처럼 제목 없이 말한 절 포함)의 소제목
            before = NUMBER.findall(text[: match.start()])
            kind = f"3.{before[-1]}" if before else "소제목"
            expected = SECTIONS.get(kind, {}).get("subheadings", [])
        else:
            expected = [SECTIONS[kind]["heading"]] if kind in SECTIONS else []
        cited.append((kind, title))
        if title not in expected:
            errors.append(f"{match.group(1)} 「{title}」: 책의 제목은 " + (" / ".join(expected) or "(그런 절이 없음)"))
    errors += [f"3.{n}: 3장에는 3.1~3.12절만 있습니다" for n in NUMBER.findall(text) if not 1 <= int(n) <= 12]
    return cited, errors


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_location_cites_the_books_sections(path):
    cited, errors = citation_errors(location(path))
    assert cited, f"{path.name}: 위치 문단이 책의 절을 `3.N 「제목」`으로 하나도 말하지 않습니다."
    assert not errors, f"{path.name}의 「책에서의 위치」가 data/book_sections.toml과 다릅니다:\n" + "\n".join(errors)


def test_book_notebooks_cover_the_chapter():
    """책을 따르는 노트북(「책에 없는 내용」이 아닌 것)이 모아서 3.4~3.12절과 칼럼을 모두 가리킵니다."""
    covered = set()
    for path in LESSONS:
        text = location(path)
        if not text.startswith(NOT_IN_BOOK):
            covered |= {kind for kind, _ in citation_errors(text)[0]}
    assert covered >= {*SECTIONS, "칼럼"}, f"어느 노트북도 가리키지 않는 절: {sorted({*SECTIONS, '칼럼'} - covered)}"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_section_range_or_seed_step_numbers(path):
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        for pattern, advice in [(RANGE, "절마다 `3.N 「제목」`으로"), (STEPS, "단계 이름(예측 계산, 손실 계산 …)으로")]:
            found = pattern.search(cell.source)
            assert not found, f"{path.name} 셀 {i}: `{found.group(0).strip()}` 대신 {advice} 적으세요."


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("3장 「처음 시작하는 머신러닝」 3.6 「예측 계산」입니다.", None),
        ("3.6 「예측하기」입니다.", "3.6 「예측하기」"),
        ("3.5 「데이터 전처리」입니다(소제목 「데이터 변환」까지).", None),
        ("3.5 「데이터 전처리」입니다(소제목 「최적화 함수 튜닝」까지).", "소제목 「최적화 함수 튜닝」"),
        ("3.12의 소제목 「최적화 함수 튜닝」입니다.", None),
        ("3장 「처음 하는 머신러닝」입니다.", "3장 「처음 하는 머신러닝」"),
        ("칼럼 「국소 최적해」입니다.", "칼럼 「국소 최적해」"),
        ("3.13 「없는 절」입니다.", "3.13 「없는 절」; 3.13"),
        ("3.14절의 내용입니다.", "3.14"),
    ],
)
def test_the_citation_check_can_fail(text, wrong):
    _, errors = citation_errors(text)
    assert "; ".join(e.split(":")[0] for e in errors) == (wrong or "")
