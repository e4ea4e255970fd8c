"""임포트는 한 방향으로만(이슈 18): 모든 .py 파일의 진짜 임포트를 `ast`로 읽어 확인합니다.

    helpers.py → (저장소의 어느 것도 아님)    helpers.py는 Colab에 혼자 설치됩니다
    course.py  → tools/
    tools/     → tools/                         course.py와 tests/를 모릅니다
    tests/     → tests/, tools/, course.py, helpers.py
    site/      → site/, tools/                  Sphinx 설정

그리고 어느 파일도 저장소의 파일을 경로로 불러오지 않습니다(importlib.util.spec_from_file_location,
SourceFileLoader, runpy, exec): 그렇게 하면 위의 임포트 그래프에 보이지 않는 의존이 생깁니다. 문자열로 된
코드를 실행하는 곳(노트북 셀, 준비 셀)은 까닭과 함께 EXEC_ALLOWED에만 둡니다.
"""

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

ALLOWED = {
    "helpers": set(),
    "course": {"tools"},
    "tools": {"tools"},
    "tests": {"tests", "tools", "course", "helpers"},
    "site": {"site", "tools"},
}
PATH_LOADERS = {"spec_from_file_location", "SourceFileLoader", "SourcelessFileLoader", "load_source", "run_path"}
EXEC_ALLOWED = {
    ("tests/conftest.py", "exec"): "노트북의 코드 셀(파이썬 파일이 아님)을 실행합니다",
    ("tests/conftest.py", "compile"): "노트북의 코드 셀을 셀 번호가 붙은 이름으로 컴파일합니다",
    ("tests/test_colab.py", "exec"): "준비 셀의 코드(tools/colab.py의 문자열)를 가짜 IPython으로 실행합니다",
}
# 다른 작업(사이트 도구를 tools/로 옮기기)이 고치는 중인 파일: 고쳐지면 xfail(strict)이 실패해 이 줄을 지우게 합니다.


def layer(relpath: str) -> str | None:
    """파일이 속한 층: helpers, course, tools, tests, site. 저장소의 파이썬 파일이 아니면 None."""
    first = relpath.split("/", 1)[0]
    if relpath in ("helpers.py", "course.py"):
        return relpath[:-3]
    return first if first in ("tools", "tests", "site") and "/" in relpath else None


def imported_layers(relpath: str, source: str, root=ROOT) -> set[tuple[str, int]]:
    """(가져온 저장소의 층, 줄 번호). 표준 라이브러리와 외부 패키지는 빼고, 같은 폴더의 파일(sibling)은 그 층으로."""
    folder = (root / relpath).parent
    found = set()
    for node in ast.walk(ast.parse(source, relpath)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x: 같은 패키지
                found.add((layer(relpath), node.lineno))
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in ("course", "helpers") and (root / f"{top}.py").is_file():
                found.add((top, node.lineno))
            elif top in ("tools", "tests") and (root / top).is_dir():
                found.add((top, node.lineno))
            elif (folder / f"{top}.py").is_file() or (folder / top / "__init__.py").is_file():
                found.add((layer(relpath), node.lineno))
    return found


def path_loads(relpath: str, source: str) -> list[str]:
    """경로로 파일을 불러오거나 문자열 코드를 실행하는 곳(허락된 것은 빼고)."""
    problems = []
    for node in ast.walk(ast.parse(source, relpath)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in PATH_LOADERS or (isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "runpy"):
            problems.append(f"{relpath}:{node.lineno}: {name}로 파일을 경로로 불러옵니다")
        elif name in ("exec", "compile", "eval") and isinstance(func, ast.Name):
            if (relpath, name) not in EXEC_ALLOWED:
                problems.append(
                    f"{relpath}:{node.lineno}: {name}()로 코드를 실행합니다(EXEC_ALLOWED에 까닭과 함께 두세요)"
                )
    return problems


def violations(relpath: str, source: str, root=ROOT) -> list[str]:
    """한 파일의 임포트 방향 위반과 경로 불러오기."""
    own = layer(relpath)
    problems = [
        f"{relpath}:{line}: {own} → {target}는 허락되지 않은 방향입니다"
        for target, line in sorted(imported_layers(relpath, source, root))
        if target not in ALLOWED[own]
    ]
    return problems + path_loads(relpath, source)


def repository_files():
    tracked = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    names = set(tracked.stdout.split())
    names |= {p.relative_to(ROOT).as_posix() for p in ROOT.glob("*.py")}  # 아직 커밋하지 않은 파일도
    names |= {
        p.relative_to(ROOT).as_posix() for folder in ("tools", "tests", "site") for p in (ROOT / folder).rglob("*.py")
    }
    return sorted(n for n in names if layer(n) is not None and (ROOT / n).is_file())


@pytest.mark.parametrize(
    "relpath",
    repository_files(),
)
def test_imports_run_one_way(relpath):
    assert violations(relpath, (ROOT / relpath).read_text(encoding="utf-8")) == []


def test_every_layer_is_checked():
    files = repository_files()
    assert {"helpers.py", "course.py", "tools/project.py", "tests/conftest.py", "site/conf.py"} <= set(files)
    assert {layer(f) for f in files} == set(ALLOWED)


# ------------------------------------------------------------------ 검사기 자신의 시험(틀린 예를 잡는지)


@pytest.mark.parametrize(
    ("relpath", "source", "expected"),
    [
        ("helpers.py", "from tools import pins\n", "helpers → tools"),
        ("helpers.py", "def f():\n    import course\n", "helpers → course"),  # 함수 안의 임포트도
        ("tools/x.py", "import course\n", "tools → course"),
        ("tools/x.py", "from tests.e2e import run\n", "tools → tests"),
        ("course.py", "import helpers\n", "course → helpers"),
        ("tests/test_x.py", "import importlib.util\nimportlib.util.spec_from_file_location('m', 'tools/pins.py')\n",
         "spec_from_file_location로 파일을 경로로"),
        ("tools/x.py", "import runpy\nrunpy.run_path('tests/e2e/run.py')\n", "run_path로 파일을 경로로"),
        ("helpers.py", "exec(open('tools/pins.py').read())\n", "exec()로 코드를 실행"),
    ],
)  # fmt: skip
def test_the_checker_catches_a_wrong_import(relpath, source, expected):
    problems = violations(relpath, source)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("relpath", "source"),
    [
        ("helpers.py", "import numpy\nimport torch\nfrom importlib import metadata\n"),
        ("course.py", "from tools import environment, project\n"),
        ("tools/x.py", "from tools.project import ROOT\nfrom . import pins\n"),
        ("tests/test_x.py", "import course\nimport helpers\nfrom tools import colab\n"),
    ],
)
def test_the_checker_accepts_the_allowed_directions(relpath, source):
    assert violations(relpath, source) == []


def test_a_sibling_module_counts_as_its_folder(tmp_path):
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "helper_tool.py").write_text("")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "browser.py").write_text("")
    assert imported_layers("tools/x.py", "import helper_tool\n", tmp_path) == {("tools", 1)}
    assert violations("tools/x.py", "import browser\n", tmp_path) == []  # tests/의 browser는 tools/에서 안 보임
    assert imported_layers("tests/t.py", "import browser\n", tmp_path) == {("tests", 1)}
