"""임포트는 한 방향으로만(이슈 18): 모든 .py 파일의 진짜 임포트를 `ast`로 읽어 확인합니다.

    helpers.py → (저장소의 어느 것도 아님)    helpers.py는 Colab에 혼자 설치됩니다
    course.py  → tools/
    tools/     → tools/                         course.py와 tests/를 모릅니다
    tests/     → tests/, tools/, course.py, helpers.py
    site/      → site/, tools/                  Sphinx 설정

그리고 임포트 그래프에 보이지 않는 의존을 만들지 않습니다. 이 검사기가 막는 것(별칭으로 가져온 이름도):
- 파일을 경로로 불러오기: importlib.util.spec_from_file_location, SourceFileLoader, imp.load_source, runpy
- 문자열로 모듈 불러오기: importlib.import_module, __import__
- 문자열로 된 코드 실행: exec, eval, compile(builtins.exec도). 노트북 셀과 준비 셀처럼 파이썬 파일이 아닌 코드를
  실행하는 곳만 까닭과 함께 EXEC_ALLOWED에 둡니다.
- sys.path 고치기(insert, append, 대입, from sys import path, site.addsitedir): 도구는 `python -m tools.이름`으로
  실행하고, 테스트는 pytest의 pythonpath 설정으로 찾습니다. 예외는 까닭과 함께 SYS_PATH_ALLOWED에만 둡니다.
- 저장소의 .py 파일을 경로로 실행하기(명령 목록 [python, "tools/x.py"], subprocess·project.run의 인수): 도구는
  `-m`으로 부릅니다. course.py와 tools/는 tests/의 파일 이름을 인수로도 넘기지 않습니다. 단 하나의 예외는 pytest의
  대상으로 시험 파일을 넘기는 것입니다(같은 명령에 "pytest"가 있음): 시험 파일을 모으고 실행하는 것은 pytest의 일이고,
  부르는 쪽은 그 파일을 임포트하지 않습니다.
"""

import ast
import builtins
import re
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
PATH_LOADERS = {"spec_from_file_location", "SourceFileLoader", "SourcelessFileLoader", "load_source", "load_module"}
NAME_LOADERS = {"importlib.import_module", "builtins.__import__"}  # 문자열로 모듈을 불러옴
CODE_RUNNERS = {"builtins.exec", "builtins.eval", "builtins.compile"}
EXEC_ALLOWED = {
    ("tests/conftest.py", "exec"): "노트북의 코드 셀(파이썬 파일이 아님)을 실행합니다",
    ("tests/conftest.py", "compile"): "노트북의 코드 셀을 셀 번호가 붙은 이름으로 컴파일합니다",
    ("tests/test_colab.py", "exec"): "준비 셀의 코드(tools/colab.py의 문자열)를 가짜 IPython으로 실행합니다",
}
SYS_PATH_ALLOWED = {
    "site/conf.py": "Sphinx는 conf.py를 경로로 실행하고(exec) sys.path에 아무것도 더하지 않습니다. 이 폴더의 확장"
    "(korean_search, figure_alt, a11y: 'site'는 표준 라이브러리의 이름이라 패키지로 부를 수 없음)과 저장소의 "
    "tools/(figure_alt가 tools.alt_text를 씀)를 찾으려면 conf.py가 더해야 합니다",
}
SYS_PATH_CHANGES = {"insert", "append", "extend", "remove", "pop", "clear", "reverse", "sort", "__setitem__"}
PROCESS_RUNNERS = ("subprocess.", "os.system", "os.popen", "os.exec", "os.spawn", "tools.project.run")
REPO_SCRIPT = re.compile(r"(?:^|[\s/'\"])((?:tools|tests|site)/[\w/.-]+\.py)\b")


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


def aliases(tree) -> dict[str, str]:
    """이 파일에서 이름이 가리키는 것: import a.b → {a: a}, import a.b as c → {c: a.b},
    from m import n as k → {k: m.n}."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                found[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and not node.level:
            for alias in node.names:
                found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def qualified(node, names) -> str:
    """이름이나 속성(a.b.c)의 온전한 이름. 임포트한 별칭을 풀고, 임포트하지 않은 내장 함수는 builtins.로."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    head = names.get(node.id) or (f"builtins.{node.id}" if hasattr(builtins, node.id) else node.id)
    return ".".join([head, *reversed(parts)])


def script_paths(node) -> list[str]:
    """명령의 한 조각이 가리키는 저장소의 .py 경로들: 문자열, 또는 ROOT / "tools" / "x.py" 같은 경로 잇기."""
    parts = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        parts.insert(0, node.right)
        node = node.left
    strings = [p.value for p in [node, *parts] if isinstance(p, ast.Constant) and isinstance(p.value, str)]
    return REPO_SCRIPT.findall("/".join(strings))


def hidden_use(relpath, name) -> str | None:
    """온전한 이름(name)이 임포트 그래프에 보이지 않는 의존이면 그 까닭."""
    last = name.rsplit(".", 1)[-1]
    if last in PATH_LOADERS or name.startswith("runpy."):
        return f"{last}로 파일을 경로로 불러옵니다"
    if name in NAME_LOADERS:
        return f"{last}로 모듈을 문자열로 불러옵니다(임포트 문으로 쓰세요)"
    if name in CODE_RUNNERS and (relpath, last) not in EXEC_ALLOWED:
        return f"{last}()로 코드를 실행합니다(EXEC_ALLOWED에 까닭과 함께 두세요)"
    return None


def changes_sys_path(node, names) -> bool:
    """sys.path를 고치는 곳: sys.path.insert(…) 같은 부르기, sys.path(나 그 조각)에 대입, site.addsitedir."""
    if isinstance(node, ast.Attribute) and node.attr in SYS_PATH_CHANGES:
        return qualified(node.value, names) == "sys.path"
    if isinstance(node, ast.Attribute | ast.Name):
        return qualified(node, names) == "site.addsitedir"
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        bases = [t.value if isinstance(t, ast.Subscript) else t for t in targets]
        return any(qualified(base, names) == "sys.path" for base in bases)
    return False


def command_pieces(relpath, node, names) -> list:
    """저장소의 파일을 실행할 수 있는 명령의 조각들: 목록 [python, "tools/x.py"], 프로세스를 띄우는 함수의 인수,
    그리고 course.py와 tools/에서는 tests/의 파일을 가리키는 모든 인수."""
    if isinstance(node, ast.List):
        return node.elts
    if not isinstance(node, ast.Call):
        return []
    if qualified(node.func, names).startswith(PROCESS_RUNNERS):
        return [piece for arg in node.args for piece in ast.walk(arg)]
    if layer(relpath) in ("course", "tools"):
        return [arg for arg in node.args if any(p.startswith("tests/") for p in script_paths(arg))]
    return []


def path_loads(relpath: str, source: str) -> list[str]:
    """임포트 그래프에 보이지 않는 의존: 경로로 불러오기, 문자열로 모듈 불러오기, 코드 실행, sys.path 고치기,
    저장소의 .py 파일을 경로로 실행하기(허락된 것은 빼고). 별칭(from … import … as …)도 풀어서 봅니다."""
    tree = ast.parse(source, relpath)
    names = aliases(tree)
    problems = []

    def flag(node, message):
        problem = f"{relpath}:{node.lineno}: {message}"
        if problem not in problems:
            problems.append(problem)

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level:  # from importlib.util import … as 별칭
            found = [qualified(ast.Name(alias.asname or alias.name), names) for alias in node.names]
        else:
            found = [qualified(node, names)] if isinstance(node, ast.Name | ast.Attribute) else []
        for message in filter(None, (hidden_use(relpath, name) for name in found)):
            flag(node, message)
        sys_path = "sys.path" in found and isinstance(node, ast.ImportFrom)  # from sys import path
        if (sys_path or changes_sys_path(node, names)) and relpath not in SYS_PATH_ALLOWED:
            flag(node, "sys.path를 고칩니다(도구는 python -m tools.이름으로, 꼭 필요하면 SYS_PATH_ALLOWED에 까닭과)")
        pieces = command_pieces(relpath, node, names)
        if any(isinstance(p, ast.Constant) and p.value == "pytest" for p in pieces):
            continue  # 시험 파일을 pytest의 대상으로 넘기기: 모으고 실행하는 것은 pytest의 일입니다
        for path in (path for piece in pieces for path in script_paths(piece)):
            flag(node, f"{path}를 경로로 실행합니다(python -m 모듈 이름으로; 시험 파일은 pytest의 대상으로만)")
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
        # 별칭과 다른 이름으로 불러오기
        ("tests/test_x.py", "from importlib.util import spec_from_file_location as load\nload('m', 'tools/pins.py')\n",
         "spec_from_file_location로 파일을 경로로"),
        ("tools/x.py", "from importlib.machinery import SourceFileLoader as L\n", "SourceFileLoader로 파일을 경로로"),
        ("tools/x.py", "from runpy import run_module\nrun_module('tests.e2e.run')\n", "run_module로 파일을 경로로"),
        ("tools/x.py", "import importlib\nimportlib.import_module('tests.e2e')\n", "import_module로 모듈을 문자열로"),
        ("course.py", "from importlib import import_module as im\nim('tests')\n", "import_module로 모듈을 문자열로"),
        ("tools/x.py", "__import__('tests.e2e.run')\n", "__import__로 모듈을 문자열로"),
        ("helpers.py", "import builtins\nbuiltins.exec('import tools')\n", "exec()로 코드를 실행"),
        ("tests/test_x.py", "from builtins import exec as run\nrun('x = 1')\n", "exec()로 코드를 실행"),
        ("tests/test_x.py", "f = eval\n", "eval()로 코드를 실행"),
        # sys.path 고치기(그다음 다른 폴더에서 임포트)
        ("tools/x.py", "import sys\nsys.path.insert(0, 'tests/e2e')\nimport run\n", "sys.path를 고칩니다"),
        ("tests/test_x.py", "import sys\nsys.path.append('site')\nimport figure_alt\n", "sys.path를 고칩니다"),
        ("tools/x.py", "import sys as s\ns.path[:0] = ['tests']\n", "sys.path를 고칩니다"),
        ("tools/x.py", "import sys\nsys.path += ['tests']\n", "sys.path를 고칩니다"),
        ("tools/x.py", "from sys import path\npath.insert(0, 'tests')\n", "sys.path를 고칩니다"),
        ("tools/x.py", "import site\nsite.addsitedir('tests')\n", "sys.path를 고칩니다"),
        # 다른 폴더의 파일을 경로로 실행하기
        ("tools/x.py", "import subprocess, sys\nsubprocess.run([sys.executable, 'tests/e2e/run.py'])\n",
         "tests/e2e/run.py를 경로로 실행"),
        ("tests/test_x.py", "import subprocess, sys\nsubprocess.run([sys.executable, ROOT / 'tools' / 'site.py'])\n",
         "tools/site.py를 경로로 실행"),
        ("tools/x.py", "import os\nos.system('python tests/e2e/run.py -k x')\n", "tests/e2e/run.py를 경로로 실행"),
        ("course.py", "from tools import project\nproject.run(('python', 'tools/drift.py'))\n",
         "tools/drift.py를 경로로 실행"),
        ("course.py", "in_course_environment('tests/e2e/run.py')\n", "tests/e2e/run.py를 경로로 실행"),
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
        # pytest에 시험 파일을 대상으로 넘기기, 모듈로 도구 실행하기, sys.path 읽기, 이름만 같은 메서드
        ("tools/x.py", "import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'pytest', 'tests/e2e/a.py'])\n"),
        ("tests/test_x.py", "import subprocess, sys\nsubprocess.run([sys.executable, '-m', 'tools.drift'])\n"),
        ("tests/test_x.py", "import sys\nbefore = list(sys.path)\nsys.path.index('x')\n"),
        ("tests/test_x.py", "import re\nmodel.eval()\nre.compile('x')\nviolations('tools/x.py', '')\n"),
        ("site/conf.py", "import sys\nsys.path.insert(0, 'site')\n"),  # SYS_PATH_ALLOWED(까닭과 함께)
    ],
)  # fmt: skip
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
