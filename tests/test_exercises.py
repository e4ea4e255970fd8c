"""연습 문제 자가 점검(helpers.check)과 정답 파일(data/exercises/*.json)을 모두 검사합니다.

정답 항목은 모으는 시점에 data/exercises/*.json에서 읽으므로 새 파일과 새 문제도 저절로 검사됩니다.
문제마다 맞는 답 → '정답입니다!', 틀린 답 → 힌트(정답은 드러내지 않음), 빈 답(...) → 아직 적지 않았다는
안내를 확인하고, 노트북·풀이 노트북의 `helpers.check('NN-k'` 호출과 정답 파일이 서로 맞는지도 확인합니다.
"""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch

import helpers

ROOT = Path(__file__).resolve().parents[1]
KEY_DIR = ROOT / "data" / "exercises"
KEY_FILES = sorted(KEY_DIR.glob("*.json"))
NOTEBOOK_PATHS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTION_PATHS = sorted((ROOT / "solutions").glob("[0-9][0-9]_solutions.ipynb"))
CHECK_CALL = re.compile(r"""helpers\.check\(\s*['"]([^'"]+)['"]""")
OPTION = re.compile(r"\(([a-e])\)")

RIGHT = "[{}] 정답입니다!"
HINT1 = "[{}] 아직 아닙니다. 힌트 1(생각할 것): {}"
HINT2 = "[{}] 아직 아닙니다. 힌트 2(구하는 방법): {}"
NOT_YET = "[{}] 아직 답을 적지 않았습니다."


def load_keys():
    """[(문제 번호, 정답 항목, 파일 이름)] — 모으는 시점에 읽습니다."""
    entries = []
    for path in KEY_FILES:
        for exercise, key in json.loads(path.read_text(encoding="utf-8")).items():
            entries.append((exercise, key, path.name))
    return entries


KEYS = load_keys()
KEY_IDS = [exercise for exercise, _, _ in KEYS]


def check_cells(path):
    """노트북에서 helpers.check를 부르는 (문제 번호, 셀, 바로 앞 마크다운 셀의 글)을 차례로 돌려줍니다."""
    nb = nbformat.read(path, as_version=4)
    found, last_markdown = [], ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            last_markdown = cell.source
        elif cell.cell_type == "code":
            for exercise in CHECK_CALL.findall(cell.source):
                found.append((exercise, cell, last_markdown))
    return found


def stdout_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def question_options(exercise):
    """그 문제를 내는 노트북의 질문(체크 셀 바로 앞 마크다운)에 적힌 보기 글자들. 못 찾으면 a~e."""
    stem = exercise.split("-")[0]
    for path in NOTEBOOK_PATHS:
        if path.name.startswith(f"{stem}_"):
            for found, _, question in check_cells(path):
                if found == exercise and OPTION.findall(question):
                    return OPTION.findall(question)
    return list("abcde")


def wrong_answer(key, exercise):
    if key["type"] == "number":
        return key["answer"] + 10 * key.get("tol", 1e-4) + 1
    return next(option for option in question_options(exercise) if option != str(key["answer"]).lower())


def revealing_forms(key):
    """힌트에 나오면 정답을 알려 주는 셈인 글자들. 숫자는 tol 안에 드는 반올림 표기를 모두 봅니다."""
    answer = key["answer"]
    if key["type"] == "choice":
        letter = str(answer).lower()
        return [rf"\({letter}\)", rf"'{letter}'", rf'"{letter}"', "정답은"]
    value, tol = float(answer), key.get("tol", 1e-4)
    forms = {repr(abs(value)), f"{abs(value):g}"}
    forms |= {f"{abs(value):.{d}f}" for d in range(8) if abs(round(value, d) - value) <= tol}
    # 한 자리 정수(예: 2)는 힌트의 식(2·mean(X²) 등)에 흔히 나오므로 검사하지 않습니다.
    return [rf"(?<![\d.]){re.escape(form)}(?![\d])" for form in forms if not re.fullmatch(r"\d", form)]


# ------------------------------------------------------------------ 정답 파일의 형식


@pytest.mark.parametrize("path", KEY_FILES, ids=lambda p: p.name)
def test_key_file_format(path):
    stem = path.stem
    assert re.fullmatch(r"\d\d", stem), f"{path.name}: 파일 이름은 노트북 번호 두 자리(NN.json)여야 합니다."
    keys = json.loads(path.read_text(encoding="utf-8"))
    assert keys, f"{path.name}에 문제가 없습니다."
    for exercise, key in keys.items():
        assert re.fullmatch(rf"{stem}-\d+", exercise), f"{exercise}: 문제 번호는 '{stem}-1' 모양이어야 합니다."
        assert key["type"] in ("number", "choice"), f"{exercise}: type은 number나 choice입니다."
        hints = key.get("hints")
        assert isinstance(hints, list) and len(hints) == 2, f"{exercise}: hints는 [생각할 것, 구하는 방법] 두 개입니다."
        assert all(isinstance(h, str) and h.strip() for h in hints), f"{exercise}: 빈 힌트가 있습니다."
        assert hints[0] != hints[1], f"{exercise}: 두 번째 힌트는 첫 번째와 달라야 합니다(생각 → 방법)."
        assert set(key) <= {"type", "answer", "tol", "hints"}, f"{exercise}: 모르는 항목 {set(key)}"
        if key["type"] == "number":
            assert isinstance(key["answer"], int | float) and not isinstance(key["answer"], bool)
            assert np.isfinite(key["answer"])
            # tol 0은 정확히 그 수(정수 답)만 맞는다는 뜻입니다.
            assert isinstance(key.get("tol", 1e-4), int | float) and key.get("tol", 1e-4) >= 0
        else:
            assert "tol" not in key, f"{exercise}: 보기 문제에는 tol이 없습니다."
            assert re.fullmatch(r"[a-e]", str(key["answer"])), f"{exercise}: 보기 답은 a~e 중 한 글자입니다."


# ------------------------------------------------------------------ 문제마다 자가 점검


@pytest.mark.parametrize(("exercise", "key"), [(e, k) for e, k, _ in KEYS], ids=KEY_IDS)
def test_right_answer(exercise, key, capsys):
    assert helpers.check(exercise, key["answer"]) is True
    assert capsys.readouterr().out == RIGHT.format(exercise) + "\n"


@pytest.fixture(autouse=True)
def fresh_tries():
    """문제마다 틀린 횟수를 세므로, 테스트마다 처음 푸는 것처럼 시작합니다."""
    helpers._wrong_answers.clear()
    yield
    helpers._wrong_answers.clear()


@pytest.mark.parametrize(("exercise", "key"), [(e, k) for e, k, _ in KEYS], ids=KEY_IDS)
def test_wrong_answers_show_idea_then_method_never_the_answer(exercise, key, capsys):
    idea, method = key["hints"]
    wrong = wrong_answer(key, exercise)
    outs = []
    for expected in (HINT1.format(exercise, idea), HINT2.format(exercise, method), HINT2.format(exercise, method)):
        assert helpers.check(exercise, wrong) is False
        out = capsys.readouterr().out
        assert out == expected + "\n"
        outs.append(out)
    for pattern in revealing_forms(key):
        for out in outs:
            assert not re.search(pattern, out), f"{exercise}의 힌트가 정답을 드러냅니다({pattern}): {out}"


def test_right_answer_starts_the_hints_over(capsys):
    exercise, key, _ = KEYS[0]
    helpers.check(exercise, wrong_answer(key, exercise))
    helpers.check(exercise, key["answer"])
    capsys.readouterr()
    helpers.check(exercise, wrong_answer(key, exercise))
    assert "힌트 1" in capsys.readouterr().out


@pytest.mark.parametrize("exercise", KEY_IDS)
def test_empty_answer_says_not_yet(exercise, capsys):
    assert helpers.check(exercise, ...) is False
    out = capsys.readouterr().out
    assert out.startswith(NOT_YET.format(exercise)) and "힌트" not in out


@pytest.mark.parametrize("exercise", ["99-1", "00-99", "", "03_1", 3, None])
def test_unknown_exercise_is_a_korean_error(exercise):
    with pytest.raises(ValueError, match="연습 문제") as info:
        helpers.check(exercise, 1.0)
    assert "문제 번호" in str(info.value)


# ------------------------------------------------------------------ 답의 여러 모양


@pytest.fixture
def demo_keys(tmp_path, monkeypatch):
    (tmp_path / "98.json").write_text(
        json.dumps(
            {
                "98-1": {
                    "type": "number",
                    "answer": 13.352,
                    "tol": 0.001,
                    "hints": ["손실을 떠올리세요.", "손실을 계산하세요."],
                },
                "98-2": {"type": "choice", "answer": "b", "hints": ["경사의 부호를 보세요.", "경사를 계산하세요."]},
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(helpers, "EXERCISES_DIR", tmp_path)


@pytest.mark.parametrize(
    "answer", [13.352, 13.3525, np.float32(13.352), np.array([13.352]), torch.tensor(13.352), "13.352"]
)
def test_number_answers_of_any_numeric_type(demo_keys, answer, capsys):
    assert helpers.check("98-1", answer) is True
    assert "정답입니다" in capsys.readouterr().out


@pytest.mark.parametrize("answer", [True, "열세", [13.352, 1.0], torch.tensor([1.0, 2.0]), None, float("nan")])
def test_number_answers_that_are_not_one_number(demo_keys, answer, capsys):
    assert helpers.check("98-1", answer) is False
    out = capsys.readouterr().out
    assert "13.352" not in out
    assert "숫자 하나로 답하세요" in out or "힌트" in out


def test_number_tolerance_edges(demo_keys, capsys):
    assert helpers.check("98-1", 13.352 + 0.0009) is True
    assert helpers.check("98-1", 13.352 - 0.0011) is False


@pytest.mark.parametrize("answer", ["b", "B", " b ", "(b)", "(B)", "b)"])
def test_choice_answers_ignore_case_space_and_brackets(demo_keys, answer, capsys):
    assert helpers.check("98-2", answer) is True


@pytest.mark.parametrize("answer", ["a", "c", "ab", "", 2])
def test_wrong_choice_answers(demo_keys, answer, capsys):
    assert helpers.check("98-2", answer) is False
    assert "힌트 1(생각할 것): 경사의 부호를 보세요." in capsys.readouterr().out


# ------------------------------------------------------------------ 노트북과 정답 파일의 짝


def calls_by_exercise(paths):
    calls = {}
    for path in paths:
        for exercise, _, _ in check_cells(path):
            calls.setdefault(exercise, []).append(path.relative_to(ROOT).as_posix())
    return calls


def test_every_check_call_has_a_key():
    calls = calls_by_exercise(NOTEBOOK_PATHS + SOLUTION_PATHS)
    missing = {exercise: where for exercise, where in calls.items() if exercise not in KEY_IDS}
    assert not missing, f"정답 파일에 없는 문제 번호: {missing}"


@pytest.mark.parametrize("exercise", KEY_IDS)
def test_every_key_is_used_by_its_notebook_and_solution(exercise):
    stem = exercise.split("-")[0]
    in_notebooks = calls_by_exercise(NOTEBOOK_PATHS).get(exercise, [])
    in_solutions = calls_by_exercise(SOLUTION_PATHS).get(exercise, [])
    assert len(in_notebooks) == 1 and in_notebooks[0].startswith(f"notebooks/{stem}_"), (
        f"{exercise}는 notebooks/{stem}_*.ipynb 한 곳에서 한 번만 써야 합니다. 지금: {in_notebooks}"
    )
    assert in_solutions == [f"solutions/{stem}_solutions.ipynb"], (
        f"{exercise}는 solutions/{stem}_solutions.ipynb에서 한 번만 써야 합니다. 지금: {in_solutions}"
    )


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebooks_are_recorded_unanswered(path):
    """학습자 노트북의 체크 셀은 답이 비어 있고(answer = ...), 기록된 출력도 그렇게 말합니다."""
    for exercise, cell, _ in check_cells(path):
        assert re.search(r"^answer = \.\.\.$", cell.source, re.M), f"{path.name} {exercise}: 답이 적혀 있습니다."
        assert NOT_YET.format(exercise) in stdout_of(cell), f"{path.name} {exercise}: 기록된 출력을 확인하세요."


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=lambda p: p.name)
def test_solutions_are_recorded_right(path):
    """풀이 노트북의 기록된 출력이 체크마다 '정답입니다!'라고 말합니다."""
    cells = check_cells(path)
    assert cells, f"{path.name}에 helpers.check 호출이 없습니다."
    for exercise, cell, _ in cells:
        assert RIGHT.format(exercise) in stdout_of(cell), f"{path.name} {exercise}: 정답이 기록되지 않았습니다."
