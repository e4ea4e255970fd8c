"""연습 문제 자가 점검(helpers.check)과 정답 파일(data/exercises/*.json)을 모두 검사합니다.

정답 항목은 모으는 시점에 data/exercises/*.json에서 읽으므로 새 파일과 새 문제도 저절로 검사됩니다.
문제마다 맞는 답 → '정답입니다!', 틀린 답 → 힌트(정답은 드러내지 않음), 빈 답(...) → 아직 적지 않았다는
안내를 확인하고, 노트북·풀이 노트북의 `helpers.check('NN-k'` 호출과 정답 파일이 서로 맞는지도 확인합니다.

연습 문제의 형식도 여기서 봅니다(형식의 한 곳은 이 파일, 설명은 CONTRIBUTING.md의 「노트북 더하기」): 노트북마다
`## 연습 문제`, 문제마다 `**NN-k.**`로 시작하는 질문과 정답 파일의 type에 맞는 답 형식 줄 하나, 정해진 세 줄짜리
코드 셀, 보기 문제는 보기 네 개 이상("맞는 것을 모두"), 두 번째 힌트는 답을 주는 식이 아닌 방법.
"""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch

import helpers
from tools import project

ROOT = Path(__file__).resolve().parents[1]
KEY_DIR = ROOT / "data" / "exercises"
KEY_FILES = sorted(KEY_DIR.glob("*.json"))
NOTEBOOK_PATHS = project.lesson_paths()
SOLUTION_PATHS = project.solution_paths()
CHECK_CALL = re.compile(r"""helpers\.check\(\s*['"]([^'"]+)['"]""")
OPTION = re.compile(r"^- \(([a-z])\) ", re.M)
EXERCISES_HEADING = "## 연습 문제"
ANSWER_LINE = "**답 형식**:"
TEMPLATES = {
    "number": "**답 형식**: 숫자 하나, 예: `answer = 1.5` (정답과 ±{tol} 안이면 맞습니다)",
    "integer": "**답 형식**: 정수 하나, 예: `answer = 12`",
    "choices": "**답 형식**: 맞는 보기의 글자를 모두, 예: `answer = 'ac'` (순서는 상관없습니다)",
}
CODE_TEMPLATE = "# 연습 문제 {0}: 답을 ... 자리에 적고 실행하세요\nanswer = ...\n_ = helpers.check('{0}', answer)"
# 두 번째 힌트가 답을 주는 식인지 알아보는 대용 검사: 등호나 부등호 뒤(같은 구절 안)에 나눗셈·거듭제곱·제곱근·로그가
# 나오면 "무엇을 어떻게 계산하라"가 아니라 답의 식 자체를 준 것으로 봅니다(예: lr = (1 − (−0.5)) / lam_max).
FORMULA = re.compile(r"[=≤≥<>][^=≤≥<>,。\n]{0,40}?(?:/|\*\*|√|\^|sqrt\(|log\()")

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


def answer_format(key):
    """정답 항목에 맞는 답 형식 줄(TEMPLATES의 세 가지 틀)."""
    if key["type"] == "choices":
        return TEMPLATES["choices"]
    if key["tol"] == 0:
        return TEMPLATES["integer"]
    return TEMPLATES["number"].format(tol=np.format_float_positional(key["tol"], trim="-"))  # 1e-05가 아니라 0.00001


def wrong_answer(key):
    if key["type"] == "number":
        return key["answer"] + 10 * key["tol"] + 1
    # 정답 글자들에 정답이 아닌 보기 하나를 더한 답(순서도 뒤집어 봄)
    extra = next(option for option in key["options"] if option not in key["answer"])
    return (key["answer"] + extra)[::-1]


def revealing_forms(key):
    """힌트에 나오면 정답을 알려 주는 셈인 글자들. 숫자는 tol 안에 드는 반올림 표기를 모두 봅니다."""
    answer = key["answer"]
    if key["type"] == "choices":
        letters = "".join(sorted(answer))
        return [rf"'{letters}'", rf'"{letters}"', "정답은"] + [rf"\({c}\)" for c in answer]
    value, tol = float(answer), key["tol"]
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
        assert key["type"] in ("number", "choices"), (
            f"{exercise}: type은 number나 choices입니다"
            "(보기 하나만 고르는 choice는 쓰지 않습니다: 모든 글자를 넣어 보면 "
            "풀리므로 숫자 문제나 '맞는 것을 모두 고르세요'로 바꾸세요)."
        )
        hints = key.get("hints")
        assert isinstance(hints, list) and len(hints) == 2, f"{exercise}: hints는 [생각할 것, 구하는 방법] 두 개입니다."
        assert all(isinstance(h, str) and h.strip() for h in hints), f"{exercise}: 빈 힌트가 있습니다."
        assert hints[0] != hints[1], f"{exercise}: 두 번째 힌트는 첫 번째와 달라야 합니다(생각 → 방법)."
        if key["type"] == "number":
            assert set(key) == {"type", "answer", "tol", "hints"}, f"{exercise}: 항목은 type, answer, tol, hints입니다."
            assert isinstance(key["answer"], int | float) and not isinstance(key["answer"], bool)
            assert np.isfinite(key["answer"])
            # tol 0은 정확히 그 수(정수 답)만 맞는다는 뜻입니다.
            assert isinstance(key["tol"], int | float) and key["tol"] >= 0
            if key["tol"] == 0:
                assert float(key["answer"]).is_integer(), f"{exercise}: tol 0(정수 문제)의 답은 정수입니다."
        else:
            assert set(key) == {"type", "answer", "options", "hints"}, (
                f"{exercise}: 항목은 type, answer, options, hints입니다."
            )
            options, answer = key["options"], key["answer"]
            assert len(options) >= 4 and options == "abcdefgh"[: len(options)], (
                f"{exercise}: 보기는 a부터 차례로 네 개 이상입니다(지금 {options!r})."
            )
            assert answer and answer == "".join(sorted(set(answer))) and set(answer) <= set(options), (
                f"{exercise}: 정답은 보기 글자들을 한 번씩 알파벳 순서로 적습니다(지금 {answer!r})."
            )


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
    wrong = wrong_answer(key)
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
    helpers.check(exercise, wrong_answer(key))
    helpers.check(exercise, key["answer"])
    capsys.readouterr()
    helpers.check(exercise, wrong_answer(key))
    assert "힌트 1" in capsys.readouterr().out


@pytest.mark.parametrize("exercise", KEY_IDS)
def test_empty_answer_says_not_yet(exercise, capsys):
    assert helpers.check(exercise, ...) is False
    out = capsys.readouterr().out
    assert out.startswith(NOT_YET.format(exercise)) and "힌트" not in out


@pytest.mark.parametrize("exercise", ["99-1", "00-99", "", "03_1"])
def test_unknown_exercise_is_a_korean_value_error(exercise):
    with pytest.raises(ValueError, match="연습 문제") as info:
        helpers.check(exercise, 1.0)
    assert type(info.value) is ValueError and "문제 번호" in str(info.value)


@pytest.mark.parametrize("exercise", [3, None, ("03", 1)])
def test_exercise_number_of_the_wrong_kind_is_a_type_error(exercise):
    with pytest.raises(TypeError, match="따옴표") as info:
        helpers.check(exercise, 1.0)
    assert type(info.value) is TypeError and "문제 번호" in str(info.value)


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
                "98-2": {
                    "type": "choices",
                    "answer": "bd",
                    "options": "abcde",
                    "hints": ["경사의 부호를 보세요.", "경사를 계산하세요."],
                },
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


@pytest.mark.parametrize("answer", ["bd", "db", "BD", " b, d ", "(b)(d)", "(B), (D)", ["d", "b"], ("b", "d"), "bdd"])
def test_choices_ignore_order_case_space_commas_and_brackets(demo_keys, answer, capsys):
    assert helpers.check("98-2", answer) is True
    assert capsys.readouterr().out == "[98-2] 정답입니다!\n"


@pytest.mark.parametrize("answer", ["b", "d", "abd", "bde", "ac"])
def test_wrong_choices_count_as_a_try_and_show_a_hint(demo_keys, answer, capsys):
    assert helpers.check("98-2", answer) is False
    assert capsys.readouterr().out == "[98-2] 아직 아닙니다. 힌트 1(생각할 것): 경사의 부호를 보세요.\n"
    assert helpers._wrong_answers["98-2"] == 1


ALL_OPTIONS = "보기 a, b, c, d, e 가운데 맞는 것을 모두 적으세요(예: answer = 'ac')."


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (2, "[98-2] 보기의 글자를 따옴표 안에 적어 답하세요(예: answer = 'ac'). 지금 답은 int입니다."),
        (None, "[98-2] 보기의 글자를 따옴표 안에 적어 답하세요(예: answer = 'ac'). 지금 답은 NoneType입니다."),
        ("", "[98-2] 맞는 보기의 글자를 하나 이상 적으세요(예: answer = 'ac')."),
        ("(), ", "[98-2] 맞는 보기의 글자를 하나 이상 적으세요(예: answer = 'ac')."),
        ("bz", "[98-2] 보기에 없는 글자 'z'가 있습니다. " + ALL_OPTIONS),
        ("b및d", "[98-2] 보기에 없는 글자 '및'가 있습니다. " + ALL_OPTIONS),
    ],
)
def test_bad_choices_input_is_explained_and_not_counted(demo_keys, answer, message, capsys):
    assert helpers.check("98-2", answer) is False
    assert capsys.readouterr().out == message + "\n"
    assert "98-2" not in helpers._wrong_answers  # 틀린 횟수로 세지 않으므로 힌트도 나오지 않습니다.


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


# ------------------------------------------------------------------ 연습 문제의 형식(모든 노트북이 같은 모양)


def lesson_for(exercise):
    stem = exercise.split("-")[0]
    (path,) = [p for p in NOTEBOOK_PATHS if p.name.startswith(f"{stem}_")]
    return path


def question_and_code(exercise):
    """그 문제의 체크 셀과 바로 앞 셀(질문 마크다운)의 소스."""
    cells = nbformat.read(lesson_for(exercise), as_version=4).cells
    for i, cell in enumerate(cells):
        if cell.cell_type == "code" and exercise in CHECK_CALL.findall(cell.source):
            return cells[i - 1], cell
    raise AssertionError(f"{exercise}의 체크 셀이 없습니다.")


KEY_PARAMS = pytest.mark.parametrize(("exercise", "key"), [(e, k) for e, k, _ in KEYS], ids=KEY_IDS)


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_has_one_exercises_heading_before_its_questions(path):
    cells = nbformat.read(path, as_version=4).cells
    headings = [
        i for i, c in enumerate(cells) if c.cell_type == "markdown" and EXERCISES_HEADING in c.source.splitlines()
    ]
    assert len(headings) == 1, f"{path.name}: '{EXERCISES_HEADING}' 제목이 한 번 있어야 합니다(지금 {len(headings)}번)."
    checks = [i for i, c in enumerate(cells) if c.cell_type == "code" and CHECK_CALL.search(c.source)]
    assert checks and min(checks) > headings[0], f"{path.name}: 연습 문제는 '{EXERCISES_HEADING}' 아래에 둡니다."


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_answer_format_lines_only_under_questions(path):
    """답 형식 줄의 수 = 그 노트북의 문제 수(질문마다 정확히 하나, 다른 곳에는 없음)."""
    cells = nbformat.read(path, as_version=4).cells
    lines = [
        ln for c in cells if c.cell_type == "markdown" for ln in c.source.splitlines() if ln.startswith(ANSWER_LINE)
    ]
    assert len(lines) == len(check_cells(path)), (
        f"{path.name}: 답 형식 줄 {len(lines)}개, 문제 {len(check_cells(path))}개"
    )


@KEY_PARAMS
def test_question_ends_with_the_answer_format_for_its_type(exercise, key):
    question, _ = question_and_code(exercise)
    assert question.cell_type == "markdown", f"{exercise}: 체크 셀 바로 앞은 질문 마크다운이어야 합니다."
    lines = question.source.strip().splitlines()
    assert any(line.startswith(f"**{exercise}.** ") for line in lines), (
        f"{exercise}: 질문은 '**{exercise}.** '로 시작합니다."
    )
    assert [ln for ln in lines if ln.startswith(ANSWER_LINE)] == [answer_format(key)], (
        f"{exercise}: 답 형식 줄은 정답 파일의 type에 맞는 틀 하나입니다:\n{answer_format(key)}"
    )
    assert lines[-1] == answer_format(key), f"{exercise}: 답 형식 줄은 질문 바로 뒤(셀의 마지막 줄)에 둡니다."


@KEY_PARAMS
def test_check_cell_is_the_template(exercise, key):
    _, code = question_and_code(exercise)
    assert code.source == CODE_TEMPLATE.format(exercise), f"{exercise}: 체크 셀은 정해진 세 줄입니다."


CHOICES = [(e, k) for e, k, _ in KEYS if k["type"] == "choices"]


@pytest.mark.parametrize(("exercise", "key"), CHOICES, ids=[e for e, _ in CHOICES])
def test_choices_questions_list_every_option(exercise, key):
    question, _ = question_and_code(exercise)
    assert OPTION.findall(question.source) == list(key["options"]), (
        f"{exercise}: 질문의 보기 (a), (b), …가 정답 파일의 options {key['options']!r}와 같아야 합니다."
    )
    assert "모두 고르세요" in question.source, f"{exercise}: 보기 문제는 '맞는 것을 모두 고르세요'로 묻습니다."


@KEY_PARAMS
def test_second_hint_is_a_method_not_the_formula(exercise, key):
    method = key["hints"][1]
    found = FORMULA.search(method)
    assert not found, (
        f"{exercise}의 두 번째 힌트가 답을 주는 식을 담고 있습니다({found.group(0)!r}). 방법(셀, 함수, 단계)을 쓰세요."
    )


@pytest.mark.parametrize("path", SOLUTION_PATHS, ids=lambda p: p.name)
def test_solution_check_cells_end_with_the_check_line(path):
    for exercise, cell, _ in check_cells(path):
        assert cell.source.strip().splitlines()[-1] == f"_ = helpers.check('{exercise}', answer)", (
            f"{path.name} {exercise}: 풀이의 체크 셀도 `_ = helpers.check('{exercise}', answer)`로 끝납니다."
        )


@pytest.mark.parametrize(
    ("hint", "formula"),
    [
        ("1 − lr × lam_max = −0.5를 lr에 대해 풀어 lr = (1 − (−0.5)) / lam_max로 계산하세요.", True),
        ("양변에 로그를 취해 n ≥ log(0.5) / log(0.998)로 바꾸고 올림하세요.", True),
        ("1 − 2·lr ≤ 0.1 ** (1/500)로 바꾸고 lr에 대해 푸세요.", True),
        ("|B| < √(1e-4)를 구하세요.", True),
        ("X = 180 - x.mean()을 구한 뒤 W_star * X + B_star로 예측하세요.", False),
        ("helpers.hessian(2 * X)로 헤세 행렬을 만들고 「고윳값과 안정 한계」 셀처럼 계산하세요.", False),
        ("history2[history2[:, 1] < 4.6796]로 조건에 맞는 행만 고르세요.", False),
        ("optim.SGD([W, B], lr=0.01)을 새로 만든 뒤 루프 셀을 실행하세요.", False),
    ],
)
def test_the_formula_check_can_fail(hint, formula):
    assert bool(FORMULA.search(hint)) is formula


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ({"type": "number", "answer": 4.539, "tol": 0.0005}, "(정답과 ±0.0005 안이면 맞습니다)"),
        ({"type": "number", "answer": 0.002297, "tol": 1e-05}, "(정답과 ±0.00001 안이면 맞습니다)"),
        ({"type": "number", "answer": 347, "tol": 0}, "**답 형식**: 정수 하나, 예: `answer = 12`"),
        ({"type": "choices", "answer": "bd", "options": "abcde"}, "맞는 보기의 글자를 모두"),
    ],
)
def test_answer_format_follows_the_type(key, line):
    assert line in answer_format(key)
