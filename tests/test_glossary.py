"""용어집(GLOSSARY.md)의 쓸 말을 코스 전체가 지키는지 검사합니다.

GLOSSARY.md의 표에서 (쓸 말, 쓰지 않을 말, 예외)를 읽고, 노트북과 풀이(마크다운 셀과 코드 셀의 주석·문자열),
README.md, helpers.py, 연습 문제 정답 파일(힌트)에서 쓰지 않을 말을 찾습니다. 실패하면 파일, 찾은 말, 대신
쓸 말을 보여 줍니다. 배울 것 목록의 끝맺음(「~할 수 있습니다.」)도 함께 확인합니다.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

from tools import project

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "GLOSSARY.md"
NOTEBOOK_PATHS = project.notebook_paths()
TEXT_PATHS = [ROOT / "README.md", ROOT / "helpers.py", *sorted(ROOT.glob("data/exercises/*.json"))]
HANGUL = re.compile(r"[가-힣]")
GOALS_INTRO = "이 노트북을 마치면 다음을 할 수 있습니다."
GOAL_ENDING = "수 있습니다."


# ------------------------------------------------------------------ 용어집 읽기


def parse_glossary(text):
    """용어집 표를 [(쓸 말, [쓰지 않을 말…], [예외…])]로 읽습니다. 형식은 GLOSSARY.md 맨 위의 설명대로입니다."""
    terms, in_table = [], False
    for line in text.splitlines():
        if line.startswith("| 쓸 말 |"):
            in_table = True
            continue
        if not in_table:
            continue
        if not line.startswith("|"):
            if terms:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set(cells[0]) <= {"-"}:
            continue
        assert len(cells) == 4, f"GLOSSARY.md의 줄은 열이 네 개여야 합니다: {line}"
        chosen, _, variants, exceptions = cells
        terms.append((chosen, re.findall(r"`([^`]+)`", variants), re.findall(r"`([^`]+)`", exceptions)))
    return terms


TERMS = parse_glossary(GLOSSARY.read_text(encoding="utf-8"))


def variant_pattern(variant):
    """쓰지 않을 말을 찾는 정규식. 숫자로 시작하거나 끝나면 앞뒤의 다른 숫자와 이어진 곳은 찾지 않습니다."""
    pattern = re.escape(variant)
    if variant[0].isdigit():
        pattern = r"(?<![\d.])" + pattern
    if variant[-1].isdigit():
        pattern += r"(?!\.?\d)"
    return re.compile(pattern)


def find_variants(text, terms=TERMS):
    """text에 나오는 쓰지 않을 말을 [(쓰지 않을 말, 쓸 말, 앞뒤 글)]로 돌려줍니다(예외인 곳은 건너뜀)."""
    found = []
    for chosen, variants, exceptions in terms:
        masked = text
        for exception in exceptions:
            masked = masked.replace(exception, "\0" * len(exception))
        for variant in variants:
            for match in variant_pattern(variant).finditer(masked):
                start, end = max(match.start() - 15, 0), match.end() + 15
                found.append((variant, chosen, text[start:end].replace("\n", " ")))
    return found


# ------------------------------------------------------------------ 검사할 글


def notebook_texts(path):
    """노트북 셀의 글(마크다운 전체, 코드 셀의 소스). 출력은 코드와 helpers가 만들므로 따로 보지 않습니다."""
    nb = nbformat.read(path, as_version=4)
    return [(f"셀 {i}", cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type in ("markdown", "code")]


def file_texts(path):
    if path.suffix == ".ipynb":
        return notebook_texts(path)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":  # 힌트의 \uXXXX가 아니라 보이는 글자로 검사합니다.
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
    return [("", text)]


def report(path, where, found):
    name = path.relative_to(ROOT).as_posix()
    return [
        f"{name} {where}: '{variant}' 대신 '{chosen}'을(를) 쓰세요 (…{context}…)" for variant, chosen, context in found
    ]


# ------------------------------------------------------------------ 용어집 자체


def test_glossary_has_the_decided_terms():
    chosen = {term for terms, _, _ in TERMS for term in terms.split(", ")}
    decided = {"고윳값", "산점도", "기본값", "가공 전", "가공 후", "학습률", "경사 하강법", "반복 횟수", "파라미터"}
    core = {"예측 계산", "손실 계산", "경사 계산", "파라미터 수정", "평균 제곱 오차", "학습 곡선"}
    core |= {"계산 그래프", "최적화 함수", "경삿값", "데이터 변환", "책 3.4~3.12절", "책 3.3절"}
    core |= {"조건수", "안정 한계", "곡률", "고유벡터", "잎 노드", "제자리 연산", "정규 방정식", "해석해", "최소 제곱"}
    core |= {"기울기", "경사", "즉"}
    assert decided | core <= chosen, f"용어집에 없는 용어: {sorted((decided | core) - chosen)}"


def test_glossary_variants_are_not_chosen_forms_of_other_terms():
    """어떤 말이 한 곳에서는 쓸 말이고 다른 곳에서는 쓰지 않을 말이면 테스트가 스스로 모순됩니다."""
    chosen_text = " ".join(chosen for chosen, _, _ in TERMS)
    for chosen, variants, exceptions in TERMS:
        for variant in variants:
            assert not find_variants(chosen_text, [(chosen, [variant], exceptions)]), (
                f"'{variant}'(쓰지 않을 말)이 용어집의 쓸 말 안에 들어 있습니다."
            )


# ------------------------------------------------------------------ 찾는 방법이 실패할 수 있는지


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("가장 큰 고유값이 안정 한계를 정합니다.", "고유값"),
        ("변환 전과 후의 산포도를 비교합니다.", "변환 전"),
        ("변환 전과 후의 산포도를 비교합니다.", "산포도"),
        ("데이터 변환 후 산점도", "변환 후"),
        ("책 3.4~12절을 보세요.", "3.4~12"),
        ("3장의 3.4~12 경사 하강법 구현하기", "3.4~12"),
        ("디폴트 설정으로 학습합니다.", "디폴트"),
        ("에폭마다 기록합니다.", "에폭"),
        ("최소제곱법으로 구합니다.", "최소제곱"),
        ("경사 하강법은 발밑의 기울기만 봅니다.", "발밑의 기울기"),
        ("평균을 빼는 것, 곧 데이터 변환입니다.", "곧"),
        ("고유 벡터 방향의 곡률", "고유 벡터"),
    ],
)
def test_matcher_finds_a_variant(text, variant):
    assert variant in [found for found, _, _ in find_variants(text)]


@pytest.mark.parametrize(
    "text",
    [
        "가장 큰 고윳값이 안정 한계를 정합니다.",
        "가공 전과 가공 후의 산점도를 비교합니다.",
        "책의 「데이터 변환」은 평균을 빼는 일입니다. 데이터 변환 전처리 단계.",
        "책 3.4~3.12절을 보세요. 책 3.3절.",
        "손실은 13.4~125 사이입니다.",
        "기본값(기본 설정)으로 학습합니다.",
        "로그 눈금에서 곧은 선으로, 곧장 아래로, 곧게 내려옵니다.",
        "직선의 기울기 W와 손실의 경사, 최소 제곱 해, 고유벡터",
    ],
)
def test_matcher_leaves_the_chosen_forms_alone(text):
    assert find_variants(text) == []


def test_report_names_file_variant_and_chosen_form():
    lines = report(ROOT / "README.md", "셀 3", find_variants("고유값"))
    assert lines == ["README.md 셀 3: '고유값' 대신 '고윳값'을(를) 쓰세요 (…고유값…)"]


# ------------------------------------------------------------------ 코스의 모든 글


@pytest.mark.parametrize("path", NOTEBOOK_PATHS + TEXT_PATHS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_course_text_uses_the_glossary(path):
    problems = [line for where, text in file_texts(path) for line in report(path, where, find_variants(text))]
    assert not problems, "용어집(GLOSSARY.md)과 다른 말이 있습니다:\n" + "\n".join(problems)


def test_readme_links_the_glossary():
    assert "(GLOSSARY.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------ 배울 것 목록의 끝맺음


def learning_goals(path):
    """첫 마크다운 셀에서 「이 노트북을 마치면 다음을 할 수 있습니다.」 뒤의 목록 항목들."""
    nb = nbformat.read(path, as_version=4)
    first = next(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    if GOALS_INTRO not in first:
        return None
    after = first.split(GOALS_INTRO, 1)[1].strip().splitlines()
    goals = []
    for line in after:
        if line.startswith("- "):
            goals.append(line[2:].strip())
        elif line.startswith("  ") and goals:
            goals[-1] += " " + line.strip()
        elif goals:
            break
    return goals


@pytest.mark.parametrize("path", project.lesson_paths(), ids=project.relpath)
def test_learning_goals_end_with_can_do(path):
    goals = learning_goals(path)
    assert goals, f"{path.name}: 첫 마크다운 셀에 '{GOALS_INTRO}'와 배울 것 목록이 있어야 합니다."
    bad = [goal for goal in goals if not goal.endswith(GOAL_ENDING)]
    assert not bad, f"{path.name}: 배울 것은 '~할 {GOAL_ENDING}'로 끝냅니다: {bad}"
