"""운영 체제마다 다른 것: 가상 환경의 실행 파일 위치와 PATH. 윈도우 경로로도 확인합니다(이 컴퓨터가 리눅스여도).

윈도우의 가상 환경은 Scripts\\python.exe, 리눅스와 macOS는 bin/python이고, PATH의 구분자는 윈도우 ';', 그 밖 ':'입니다.
도구와 테스트는 모두 tools/project.py의 함수로 이 경로를 만듭니다(.venv/bin을 직접 적지 않음).
"""

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from tools import project

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("os_name", "venv", "python", "tool", "path"),
    [
        (
            "nt",
            r"C:\Users\학습자\pytorch-dl-ch3\.venv",
            r"C:\Users\학습자\pytorch-dl-ch3\.venv\Scripts\python.exe",
            r"C:\Users\학습자\pytorch-dl-ch3\.venv\Scripts\ruff.exe",
            r"C:\Users\학습자\pytorch-dl-ch3\.venv\Scripts;C:\Windows\system32",
        ),
        (
            "posix",
            "/Users/learner/pytorch-dl-ch3/.venv",
            "/Users/learner/pytorch-dl-ch3/.venv/bin/python",
            "/Users/learner/pytorch-dl-ch3/.venv/bin/ruff",
            "/Users/learner/pytorch-dl-ch3/.venv/bin:/usr/bin",
        ),
    ],
)
def test_venv_layout_and_path_per_os(os_name, venv, python, tool, path):
    kind = PureWindowsPath if os_name == "nt" else PurePosixPath
    assert kind(project.python_in(venv, os_name)) == kind(python)
    assert kind(project.executable(project.bin_dir(venv, os_name), "ruff", os_name)) == kind(tool)
    system = r"C:\Windows\system32" if os_name == "nt" else "/usr/bin"
    assert project.path_with(project.bin_dir(venv, os_name), system, os_name) == path
    assert project.path_with(project.bin_dir(venv, os_name), "", os_name) == str(kind(venv) / kind(python).parent.name)


def test_this_machine_uses_its_own_layout(tmp_path):
    python = project.python_in(tmp_path)
    assert isinstance(python, Path)
    assert python.parent.name == ("Scripts" if project.os.name == "nt" else "bin")


def test_venv_dir_follows_course_venv(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_VENV", raising=False)
    assert project.venv_dir() == ROOT / ".venv"
    monkeypatch.setenv("COURSE_VENV", str(tmp_path / "elsewhere"))
    assert project.venv_dir() == tmp_path / "elsewhere"


# 운영 체제에 묶인 경로를 직접 쓰면 안 되는 파일들(테스트와 도구). e2e는 리눅스 CI에서만 돕니다.
POSIX_ONLY = {
    "venv의 bin/ 경로": re.compile(r"""["']bin["']\s*/\s*["']python|["']\.venv/bin/"""),
    "':'로 이은 PATH": re.compile(r""":/usr/bin|f"\{[^}]+\}:/"""),
}


@pytest.mark.parametrize("name", sorted(POSIX_ONLY))
def test_tests_and_tools_build_paths_per_os(name):
    found = []
    for path in [*ROOT.glob("tests/*.py"), *ROOT.glob("tools/*.py")]:
        if path.name == Path(__file__).name:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if POSIX_ONLY[name].search(line) and "monkeypatch" not in line and "ruff = tmp_path" not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, f"{name}: tools/project.py의 python_in, bin_dir, path_with를 쓰세요\n" + "\n".join(found)
