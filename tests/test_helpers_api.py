"""helpers.py의 공개 이름(__all__)과 함수 설명 첫머리의 "NN:" 표시를 검사합니다(이슈 18.3).

- `__all__`은 helpers.py에 정의된 공개 함수·클래스를 빠짐없이, 없는 이름 없이 담습니다.
- "NN:"은 그 함수를 **처음 쓰는 노트북**(읽는 순서)의 번호입니다: 노트북의 코드 셀이 `helpers.이름`으로 처음 쓰는 곳,
  또는 그보다 앞서 그 함수를 부르는 공개 함수가 소개된 곳(plot_loss_contour가 부르는 loss_grid는 00). 자세한 규칙은
  allowed_tags()에 있습니다.
- 어느 노트북도 직접 쓰지 않는 공개 함수는 설명에 "노트북에서 직접 부르지 않습니다"와 그 까닭을 적습니다.
  부르는 공개 함수도 없으면 설명이 그 번호의 노트북 이름(예: 02_prediction)을 말해야 합니다.
"""

import ast
import inspect
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from tools import project

ROOT = Path(__file__).resolve().parents[1]
JUSTIFIED = "노트북에서 직접 부르지 않습니다"
TAG = re.compile(r"(\d\d): ")
HELPERS_USE = re.compile(r"\bhelpers\.([A-Za-z_]\w*)")


def defined_public():
    """helpers.py에 정의된 공개 함수와 클래스의 이름."""
    return {
        name
        for name, obj in vars(helpers).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == "helpers"
    }


def first_use(paths):
    """{이름: 그 이름을 처음 쓰는 노트북의 파일 이름 줄기}. paths는 읽는 순서입니다."""
    first = {}
    for path in paths:
        nb = project.read_notebook(path)
        code = "\n".join(cell["source"] for cell in nb["cells"] if cell["cell_type"] == "code")
        for name in HELPERS_USE.findall(code):
            first.setdefault(name, path.stem)
    return first


def public_callers(source, public):
    """{공개 함수: 그 함수를 (비공개 함수를 거쳐서라도) 부르는 공개 함수들}. helpers.py를 ast로 읽습니다."""
    calls = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            calls[node.name] = {
                call.func.id
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            }

    def reach(name, seen):
        for callee in calls.get(name, ()):
            if callee not in seen:
                seen.add(callee)
                if callee.startswith("_"):
                    reach(callee, seen)
        return seen

    callers = {name: set() for name in public}
    for caller in public:
        for callee in reach(caller, set()) & public - {caller}:
            callers[callee].add(caller)
    return callers


def tag_of(obj):
    match = TAG.match(inspect.getdoc(obj) or "")
    return match.group(1) if match else None


FIRST = first_use(project.lesson_paths())
CALLERS = public_callers((ROOT / "helpers.py").read_text(encoding="utf-8"), defined_public())
STEMS = {path.stem[:2]: path.stem for path in project.lesson_paths()}


def test_all_names_exist_and_cover_every_public_function():
    missing = [name for name in helpers.__all__ if not hasattr(helpers, name)]
    assert not missing, f"__all__에 있지만 helpers에 없는 이름: {missing}"
    assert len(helpers.__all__) == len(set(helpers.__all__)), "__all__에 같은 이름이 두 번 있습니다."
    unlisted = sorted(defined_public() - set(helpers.__all__))
    assert not unlisted, f"__all__에 없는 공개 함수·클래스: {unlisted} (학습자용이 아니면 이름을 _로 시작하세요)"


def test_star_import_gives_exactly_all():
    # 새 파이썬에서 `from helpers import *`를 해 보고 생긴 이름을 셉니다(이 프로세스에서 exec하지 않음).
    code = "from helpers import *; print('\\n'.join(k for k in dir() if not k.startswith('__')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert set(done.stdout.split()) == set(helpers.__all__)


def allowed_tags(name):
    """그 함수의 "NN:"으로 맞는 번호들.

    노트북이 직접 쓰면 처음 직접 쓰는 노트북, 또는 그보다 앞서 이 함수를 부르는 공개 함수가 소개된 노트북(그 함수의
    "NN:")도 됩니다(예: loss_grid는 11이 직접 쓰지만 00의 plot_loss_contour가 부르므로 00). 직접 쓰는 노트북이 없으면
    부르는 공개 함수들의 "NN:" 가운데 가장 이른 것 하나입니다.
    """
    callers = sorted(tag_of(getattr(helpers, caller)) for caller in CALLERS[name])
    if name in FIRST:
        direct = FIRST[name][:2]
        return {direct} | {tag for tag in callers if tag < direct}
    return set(callers[:1])


@pytest.mark.parametrize("name", sorted(defined_public()))
def test_tag_names_the_first_notebook_that_uses_it(name):
    obj = getattr(helpers, name)
    tag, doc = tag_of(obj), inspect.getdoc(obj)
    assert tag in STEMS, f"{name}의 설명은 'NN: '(노트북 번호)으로 시작해야 합니다: {doc.splitlines()[0]!r}"
    if name not in FIRST:
        assert JUSTIFIED in doc, (
            f"{name}은 어느 노트북도 직접 쓰지 않습니다. 지우거나 설명에 '{JUSTIFIED}'와 그 까닭을 적으세요."
        )
    allowed = allowed_tags(name)
    if not allowed:
        assert STEMS[tag] in doc, (
            f"{name}: 쓰는 노트북도 부르는 함수도 없으니 설명이 {STEMS[tag]}(표시한 노트북)를 말해야 합니다."
        )
    else:
        where = f"직접 쓰는 노트북: {FIRST.get(name, '없음')}, 부르는 공개 함수: {sorted(CALLERS[name]) or '없음'}"
        assert tag in allowed, f"{name}의 표시는 {tag}이지만 {sorted(allowed)} 가운데 하나여야 합니다({where})."


# ------------------------------------------------------------------ 검사 방법이 실패할 수 있는지


def test_first_use_follows_reading_order(tmp_path):
    for stem, code in [("00_a", "x = 1"), ("01_b", "helpers.train(X)"), ("02_c", "helpers.train(X); helpers.pred(1)")]:
        (tmp_path / f"{stem}.ipynb").write_text(
            '{"cells": [{"cell_type": "code", "source": ' + repr(code).replace("'", '"') + "}]}", encoding="utf-8"
        )
    assert first_use(sorted(tmp_path.glob("*.ipynb"))) == {"train": "01_b", "pred": "02_c"}


def test_callers_are_found_through_private_functions():
    source = "def a():\n    _b()\n\ndef _b():\n    c()\n\ndef c():\n    pass\n\ndef d():\n    pass\n"
    assert public_callers(source, {"a", "c", "d"}) == {"a": set(), "c": {"a"}, "d": set()}


# 이슈 18.3: helpers.py는 배우는 순서로 읽힙니다. 절 제목(# ---- …)의 순서와 환경 설정이 맨 뒤인지 봅니다.
SECTION_ORDER = [
    "01 데이터",
    "02~04 예측",
    "05, 07 반복 계산",
    "00~06 그림",
    "10~12 안정 한계",
    "연습 문제",
    "환경 설정",
]


def sections(source):
    """helpers.py의 절 제목과, 각 절에 정의된 최상위 이름."""
    found, current = [], None
    for line in source.splitlines():
        if line.startswith("# ----"):
            current = line.lstrip("# -")
            found.append((current, []))
        match = re.match(r"(?:def|class) (\w+)", line)
        if match and current is not None:
            found[-1][1].append(match.group(1))
    return found


def order_problems(source, order=SECTION_ORDER) -> list[str]:
    """helpers.py의 절이 학습자가 읽는 순서(order: 절 제목의 앞부분)대로인지. 틀린 곳마다 한 줄."""
    titles = [title for title, _ in sections(source)]
    place = [(t, next((i for i, want in enumerate(order) if t.startswith(want)), None)) for t in titles]
    problems = [f"절 '{t}'는 SECTION_ORDER에 없습니다" for t, i in place if i is None]
    problems += [f"절 '{want}'가 없습니다" for i, want in enumerate(order) if i not in {j for _, j in place}]
    placed = [(t, i) for t, i in place if i is not None]
    for (a, i), (b, j) in itertools.pairwise(placed):
        if j <= i:
            problems.append(f"절 '{b}'가 '{a}' 뒤에 있습니다(앞에 와야 함)")
    return problems


def test_helpers_reads_in_the_learners_order():
    source = (ROOT / "helpers.py").read_text(encoding="utf-8")
    assert order_problems(source) == []
    found = dict(sections(source))
    environment = found[next(t for t in found if t.startswith(SECTION_ORDER[-1]))]
    assert "setup" in environment and "doctor" in environment and "setup_graphviz" in environment
    assert not any(name in environment for name in ("train", "pred", "check", "load_data"))


def test_section_check_reports_a_misplaced_a_missing_and_an_unknown_section():
    shuffled = "# ---- 환경 설정\ndef setup(): ...\n# ---- 01 데이터\ndef load_data(): ...\n# ---- 잡동사니\n"
    problems = order_problems(shuffled, ["01 데이터", "02~04 예측", "환경 설정"])
    assert problems == [
        "절 '잡동사니'는 SECTION_ORDER에 없습니다",
        "절 '02~04 예측'가 없습니다",
        "절 '01 데이터'가 '환경 설정' 뒤에 있습니다(앞에 와야 함)",
    ]
    in_order = "# ---- 01 데이터\ndef load_data(): ...\n# ---- 환경 설정\ndef setup(): ...\n"
    assert order_problems(in_order, ["01 데이터", "환경 설정"]) == []
